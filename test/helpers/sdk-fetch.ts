import {createParser, type EventSourceMessage} from 'eventsource-parser';

/** A fetch that sends requests for path `from` to path `to` instead, so a stock SDK can hit gateway paths. */
export function rewritingFetch(from: string, to: string): (input: string | URL | Request, init?: RequestInit) => Promise<Response> {
	return async (input, init) => {
		const url = new URL(input instanceof Request ? input.url : input);
		if (url.pathname === from) {
			url.pathname = to;
		}

		return input instanceof Request ? fetch(new Request(url, input), init) : fetch(url, init);
	};
}

export type TimedEvent = EventSourceMessage & {
	/** Ms after `startedMs` when the event was parsed. */
	atMs: number;
};

/** Reads a whole SSE body, time-stamping each event as it is parsed. */
export async function readSse(response: Response, startedMs = performance.now()): Promise<TimedEvent[]> {
	const events: TimedEvent[] = [];
	const parser = createParser({
		onEvent(event) {
			events.push({...event, atMs: performance.now() - startedMs});
		},
	});
	const decoder = new TextDecoder();
	for await (const chunk of response.body!) {
		parser.feed(decoder.decode(chunk, {stream: true}));
	}

	parser.feed(decoder.decode());
	parser.reset({consume: true});
	return events;
}

export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
	return fetch(url, {method: 'POST', headers: {'content-type': 'application/json', ...headers}, body: JSON.stringify(body)});
}

/** Fast latency knobs so the suite runs quickly. */
export const fast = {ttftMs: 5, tokenDelayMs: 1, minTokens: 5, maxTokens: 12} as const;
