import {mulberry32} from '../engine/random.js';
import type {MockOptions} from './mock-options.js';

/** Seeded, so a mock's lengths, jitter and text repeat run after run. */
export const createRandom = (seed: number): (() => number) => mulberry32(Math.trunc(seed));

/** Cycled from a seeded offset, so replies read like a bubble sort. */
export const words: readonly string[] = [
	' def',
	' bubble',
	'_sort',
	'(arr',
	'):',
	'\n   ',
	' n',
	' =',
	' len',
	'(arr',
	')',
	'\n   ',
	' for',
	' i',
	' in',
	' range',
	'(n',
	'):',
	'\n       ',
	' for',
	' j',
	' in',
	' range',
	'(0',
	',',
	' n',
	' -',
	' i',
	' -',
	' 1',
	'):',
	'\n           ',
	' if',
	' arr',
	'[j',
	']',
	' >',
	' arr',
	'[j',
	' +',
	' 1',
	']:',
	'\n               ',
	' arr',
	'[j',
	'],',
	' arr',
	'[j',
	' +',
	' 1',
	']',
	' =',
	' arr',
	'[j',
	' +',
	' 1',
	'],',
	' arr',
	'[j',
	']',
	'\n   ',
	' return',
	' arr',
	'\n',
];

/** One reply, decided up front so concurrent requests draw from the stream in arrival order. */
export type Plan = {
	readonly tokens: readonly string[];
	/** Ms after the start at which each token is due: cumulative, non-decreasing. */
	readonly dueMs: readonly number[];
	/** True when the request's token limit cut the reply short. */
	readonly capped: boolean;
};

/** A request's token limit: a positive number, else none. */
export function tokenLimit(value: unknown): number | undefined {
	return typeof value === 'number' && Number.isFinite(value) && value >= 1 ? Math.floor(value) : undefined;
}

/**
 * `atLeast`: vLLM's `min_tokens`, and `untilLimit`: its `ignore_eos` (the reply runs to `limit`), for
 * benchmarks that need every server to generate the same number of tokens.
 */
export function makePlan(options: MockOptions, random: () => number, limit: number | undefined, {atLeast = 0, untilLimit = false} = {}): Plan {
	const low = Math.max(1, Math.floor(Math.min(options.minTokens, options.maxTokens)) || 1);
	const high = Math.max(low, Math.floor(Math.max(options.minTokens, options.maxTokens)) || low);
	let count = Math.max(atLeast, low + Math.floor(random() * (high - low + 1)));
	if (untilLimit && limit !== undefined) count = limit;
	const capped = limit !== undefined && count >= limit && (untilLimit || count > limit);
	if (capped) {
		count = limit;
	}

	const jitter = Math.max(0, options.jitterMs || 0);
	const delay = (base: number): number => {
		const value = Math.max(0, base || 0);
		return jitter > 0 ? Math.max(0, value + (random() * 2 - 1) * jitter) : value;
	};

	const start = Math.floor(random() * words.length);
	const tokens: string[] = [];
	const dueMs: number[] = [];
	let due = delay(options.ttftMs);
	for (let i = 0; i < count; i++) {
		if (i > 0) {
			due += delay(options.tokenDelayMs);
		}

		tokens.push(words[(start + i) % words.length]!);
		dueMs.push(due);
	}

	return {tokens, dueMs, capped};
}

/** The o200k_base encoder, once `loadTokenizer` has loaded it (loading takes ~0.5 s, so only when asked for). */
let encode: ((text: string) => readonly number[]) | undefined;

export async function loadTokenizer(name: MockOptions['tokenizer']): Promise<void> {
	if (name === 'o200k' && !encode) ({encode} = await import('gpt-tokenizer/encoding/o200k_base'));
}

/**
 * Input tokens of the strings found in a request body: o200k_base tokens when that tokenizer is
 * chosen (and loaded), else a rough estimate of one token per 4 characters.
 */
export function estimateTokens(options: Pick<MockOptions, 'tokenizer'>, ...values: unknown[]): number {
	const texts: string[] = [];
	const walk = (value: unknown): void => {
		if (typeof value === 'string') {
			texts.push(value);
		} else if (Array.isArray(value)) {
			for (const item of value) {
				walk(item);
			}
		} else if (value && typeof value === 'object') {
			const record = value as Record<string, unknown>;
			walk(record['content'] ?? record['text']);
		}
	};

	for (const value of values) {
		walk(value);
	}

	if (options.tokenizer === 'o200k' && encode)
		return Math.max(
			1,
			texts.reduce((sum, text) => sum + encode!(text).length, 0),
		);
	return Math.max(1, Math.ceil(texts.reduce((sum, text) => sum + text.length, 0) / 4));
}

/** One line describing the latency model, for the mock command. */
export function describeModel(options: MockOptions): string {
	const pm = (ms: number) => (options.jitterMs > 0 ? `${ms}±${options.jitterMs} ms` : `${ms} ms`);
	return (
		`latency model: ttft ${pm(options.ttftMs)}, ${pm(options.tokenDelayMs)}/token, ` +
		`${options.minTokens}-${options.maxTokens} tokens, ping delay ${options.pingDelayMs} ms, ` +
		`fail rate ${options.failRate * 100}% (HTTP ${options.failStatus}), seed ${options.seed}` +
		(options.requireToken === undefined ? '' : ', token required') +
		(options.slots > 0 ? `, ${options.slots} slots (the rest queue)` : '') +
		(options.slowdown > 0 ? `, ${options.slowdown}× slower per completion in service` : '') +
		(options.fault === 'none' || options.faultRate <= 0
			? ''
			: `, fault ${options.fault} at ${options.faultRate * 100}%` +
				(options.fault === 'stall' || options.fault === 'slow-headers' ? ` (${options.stallMs} ms)` : ''))
	);
}

/** How many of a reply's tokens are reasoning: as many as asked, leaving at least one answer token. */
export const reasoningCount = (options: MockOptions, tokens: number): number => Math.max(0, Math.min(options.reasoningTokens, tokens - 1));
