/**
 * Client cancellations (`--cancel-rate 0.1 --cancel-after 500ms|20tokens`): that share of requests,
 * drawn for each request number from the run's seed (so request i is cancelled on every path of a
 * comparison alike), is given up mid-way, as a user stopping a generation does: after a time from
 * the request's start, or once that many content events of its stream have arrived.
 */
export type CancelSettings = {
	/** The share of requests cancelled, 0 < share ≤ 1. */
	readonly share: number;
	readonly afterMs?: number;
	readonly afterTokens?: number;
};

/** `--cancel-after 20tokens` (or `20 tokens`, `1token`): the count; undefined when the text is not a count of tokens. */
export function tokensAfter(text: string): number | undefined {
	const match = /^\s*(\d+)\s*tokens?\s*$/.exec(text);
	return match ? Number(match[1]) : undefined;
}

/** When a cancelled request is given up unless `--cancel-after` says. */
export const defaultCancelAfterMs = 500;
