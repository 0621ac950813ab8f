import type {OutgoingHttpHeaders, ServerResponse} from 'node:http';
import {performance} from 'node:perf_hooks';
import {tokenLateness} from './lateness.js';
import {noteToken} from './witness.js';

/** One SSE event: optional `event:` line, one `data:` line, blank line; LF only. */
export function sseEvent(name: string | undefined, data: string): string {
	return name === undefined ? `data: ${data}\n\n` : `event: ${name}\ndata: ${data}\n\n`;
}

/** Sends 200 event-stream headers right away, so TTFB is not held back until the first token. */
export function startSse(response: ServerResponse, headers: OutgoingHttpHeaders): void {
	response.socket?.setNoDelay(true);
	headers['content-type'] = 'text/event-stream';
	headers['cache-control'] = 'no-cache';
	response.writeHead(200, headers);
	response.flushHeaders();
}

/** Writes one event per call, unless the client has gone. */
export function write(response: ServerResponse, chunk: string): void {
	if (!response.destroyed && !response.writableEnded) {
		response.write(chunk);
	}
}

/**
 * Calls onToken(i) at each dueMs[i] (measured from now; tokens already due are written at once, never
 * early), then onDone(). Stops, with no timer left behind, when the response closes. `tokens`: what is
 * due are tokens, and how late each is written is recorded (`/mock/timing`).
 */
export function schedule(response: ServerResponse, dueMs: readonly number[], onToken: (index: number) => void, onDone: () => void, tokens = true): void {
	const start = performance.now();
	let next = 0;
	let timer: NodeJS.Timeout | undefined;
	let closed = false;
	response.once('close', () => {
		closed = true;
		if (timer !== undefined) {
			clearTimeout(timer);
			timer = undefined;
		}
	});

	const tick = (): void => {
		timer = undefined;
		if (closed || response.destroyed) {
			return;
		}

		const elapsed = performance.now() - start;
		while (next < dueMs.length && dueMs[next]! <= elapsed) {
			if (tokens) (next === 0 ? tokenLateness.first : tokenLateness.later).record(elapsed - dueMs[next]!);
			onToken(next++);
			if (tokens) noteToken(response);
		}

		if (next < dueMs.length) {
			timer = setTimeout(tick, Math.max(1, Math.ceil(dueMs[next]! - elapsed)));
		} else {
			onDone();
		}
	};

	tick();
}

/** Runs fn after ms (at once when ms <= 0), unless the response closes first. */
export function after(response: ServerResponse, ms: number, fn: () => void): void {
	schedule(response, [ms], () => undefined, fn, false);
}
