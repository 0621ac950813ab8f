import type {OutgoingHttpHeaders, ServerResponse} from 'node:http';
import {cutConnection, padStreamForever, resetSocket, sendHugeBody} from './faults.js';
import {send} from './http.js';
import {after, schedule, startSse, write} from './sse-writer.js';
import type {MockFault, MockOptions} from './mock-options.js';

/** How one provider's stream is written, so faults can be applied the same way to every format. */
export type StreamScript = {
	/** Events sent right after the headers (message_start, the role chunk, ...). */
	readonly preamble: () => void;
	readonly token: (index: number) => void;
	/** The terminal events; the response is ended after them. */
	readonly finish: () => void;
	/** The provider's mid-stream error, written as is before the stream ends. */
	readonly errorEvents: string;
	/** One event whose data is invalid JSON. */
	readonly malformed: string;
};

const half = (count: number): number => Math.max(1, Math.floor(count / 2));

/**
 * A 200 event stream timed by dueMs, with `fault` (a stream fault other than `status`, which the route
 * answers itself) applied. Nothing is left scheduled once the client goes away.
 */
export function streamReply(
	response: ServerResponse,
	headers: OutgoingHttpHeaders,
	dueMs: readonly number[],
	script: StreamScript,
	fault: MockFault | undefined,
	options: MockOptions,
): void {
	if (fault === 'reset') {
		resetSocket(response);
		return;
	}

	if (fault === 'slow-headers') {
		after(response, options.stallMs, () => {
			streamReply(response, headers, dueMs, script, undefined, options);
		});
		return;
	}

	startSse(response, headers);
	if (fault === 'huge-body') {
		padStreamForever(response);
		return;
	}

	script.preamble();
	const cut = dueMs.slice(0, half(dueMs.length));
	switch (fault) {
		case 'cut-stream': {
			schedule(response, cut, script.token, () => {
				cutConnection(response);
			});
			return;
		}

		case 'short-stream': {
			schedule(response, cut, script.token, () => response.end());
			return;
		}

		case 'stall': {
			schedule(response, dueMs.slice(0, 1), script.token, () => {
				after(response, options.stallMs, () => response.end());
			});
			return;
		}

		case 'error-event': {
			schedule(response, cut, script.token, () => {
				write(response, script.errorEvents);
				response.end();
			});
			return;
		}

		default: {
			const malformedAt = fault === 'malformed-sse' ? cut.length : -1;
			schedule(
				response,
				dueMs,
				(index) => {
					if (index === malformedAt) {
						write(response, script.malformed);
					}

					script.token(index);
				},
				() => {
					script.finish();
					response.end();
				},
			);
		}
	}
}

/** A 200 whole reply timed by dueMs (headers come with the body), with `fault` (other than `status`) applied. */
export function bodyReply(
	response: ServerResponse,
	headers: OutgoingHttpHeaders,
	dueMs: readonly number[],
	contentType: string,
	body: () => string,
	fault: MockFault | undefined,
	options: MockOptions,
): void {
	switch (fault) {
		case 'reset': {
			resetSocket(response);
			return;
		}

		case 'slow-headers': {
			after(response, options.stallMs, () => {
				bodyReply(response, headers, dueMs, contentType, body, undefined, options);
			});
			return;
		}

		case 'huge-body': {
			sendHugeBody(response, headers, contentType, options.hugeBodyBytes);
			return;
		}

		case 'stall': {
			headers['content-type'] = contentType;
			response.writeHead(200, headers);
			response.flushHeaders();
			after(response, options.stallMs, () => response.end());
			return;
		}

		default:
	}

	schedule(
		response,
		dueMs,
		() => undefined,
		() => {
			const text = body();
			if (fault === 'invalid-json') {
				send(response, 200, headers, contentType, text.slice(0, half(text.length)));
			} else if (fault === 'cut-stream') {
				headers['content-type'] = contentType;
				headers['content-length'] = Buffer.byteLength(text);
				response.writeHead(200, headers);
				response.write(text.slice(0, half(text.length)));
				cutConnection(response);
			} else {
				send(response, 200, headers, contentType, text);
			}
		},
	);
}
