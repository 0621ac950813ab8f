import type {OutgoingHttpHeaders, ServerResponse} from 'node:http';
import type {FaultSurface, MockFault} from './mock-options.js';

/**
 * Where each fault strikes. On a surface it does not list a fault is not drawn at all: the request is served
 * normally and not counted in stats.faults. Surfaces: streamed (`stream`) or whole (`body`) completions, HTTP
 * pings, WebSocket ping messages (`ws`), WebSocket handshakes (`upgrade`).
 * - status: the route's error reply with failStatus (429 adds retry-after and rate-limit headers).
 * - cut-stream: half the tokens (or half the body), then the connection is closed (broken HTTP framing).
 * - short-stream: half the tokens, then a clean end without the terminal event.
 * - stall: headers (and a stream's first token), then nothing for stallMs, then a clean end (WebSocket: the
 *   pong comes stallMs late).
 * - error-event: half the tokens, then the provider's mid-stream error event.
 * - malformed-sse: one event with invalid JSON half-way; the stream otherwise completes.
 * - invalid-json: a 200 whole reply cut in half (not JSON).
 * - wrong-pong: `ping!` instead of `pong`.
 * - ws-close: a WebSocket close frame (1011) instead of a reply.
 * - reset: the socket is destroyed without a response (WebSocket: terminated without a close frame).
 * - slow-headers: nothing for stallMs, then the normal reply (WebSocket: the 101 is held back).
 * - huge-body: hugeBodyBytes of padding (WebSocket: one text message); streams pad with SSE comments until the
 *   client goes away.
 */
export const faultSurfaces: Readonly<Record<MockFault, readonly FaultSurface[]>> = {
	status: ['stream', 'body', 'ping'],
	'cut-stream': ['stream', 'body'],
	'short-stream': ['stream'],
	stall: ['stream', 'body', 'ping', 'ws'],
	'error-event': ['stream'],
	'malformed-sse': ['stream'],
	'invalid-json': ['body'],
	'wrong-pong': ['ping', 'ws'],
	'ws-close': ['ws'],
	reset: ['stream', 'body', 'ping', 'ws'],
	'slow-headers': ['stream', 'body', 'ping', 'upgrade'],
	'huge-body': ['stream', 'body', 'ping', 'ws'],
};

export const faultApplies = (fault: MockFault, surface: FaultSurface): boolean => faultSurfaces[fault].includes(surface);

/** Headers every injected error carries: no SDK retries, and on 429 when to come back and the exhausted limit. */
export function errorHeaders(status: number, headers: OutgoingHttpHeaders): void {
	headers['x-should-retry'] = 'false';
	if (status === 429) {
		headers['retry-after'] = '2';
		headers['x-ratelimit-limit'] = '100';
		headers['x-ratelimit-remaining'] = '0';
	}
}

/** Drops the connection without a response. */
export function resetSocket(response: ServerResponse): void {
	response.destroy();
}

/** HTTP/2's INTERNAL_ERROR (RFC 9113 §7): a stream reset by a server that broke off. */
const http2InternalError = 2;

/** Ends the connection mid-reply, after what was already written has gone out: the HTTP framing is left broken. */
export function cutConnection(response: ServerResponse): void {
	// Over HTTP/2 (h2c) the reply is a stream of a shared connection: it is reset, as a server that breaks off does;
	// ending it would be a clean end of stream. Written data goes first: the reset is queued behind it.
	const stream = (response as {stream?: {close(code: number): void}}).stream;
	if (stream) {
		response.write('', () => stream.close(http2InternalError));
		return;
	}

	const socket = response.socket;
	if (socket === null || socket.destroyed) {
		response.destroy();
		return;
	}

	socket.end(() => socket.destroy());
}

const chunkBytes = 64 * 1024;
const padding = Buffer.alloc(chunkBytes, 'x');
const ssePadding = Buffer.from(`:${'x'.repeat(chunkBytes - 3)}\n\n`);

/** Writes `remaining` bytes of `chunk` repeats (Infinity: until the client goes), waiting for drain, then onDone. */
function pump(response: ServerResponse, chunk: Buffer, remaining: number, onDone: () => void): void {
	const step = (): void => {
		while (!response.destroyed && !response.writableEnded) {
			if (remaining <= 0) {
				onDone();
				return;
			}

			const piece = remaining >= chunk.length ? chunk : chunk.subarray(0, remaining);
			remaining -= piece.length;
			if (!response.write(piece)) {
				response.once('drain', step);
				return;
			}
		}
	};

	step();
}

/** A 200 whole reply of exactly `bytes` bytes, streamed in chunks; JSON stays valid JSON (`{"pad":"xxx…"}`). */
export function sendHugeBody(response: ServerResponse, headers: OutgoingHttpHeaders, contentType: string, bytes: number): void {
	const json = contentType.includes('json') && bytes >= 10;
	headers['content-type'] = contentType;
	headers['content-length'] = bytes;
	response.writeHead(200, headers);
	if (json) {
		response.write('{"pad":"');
	}

	pump(response, padding, json ? bytes - 10 : bytes, () => {
		response.end(json ? '"}' : undefined);
	});
}

/** After the SSE headers: comment padding forever, until the client disconnects. */
export function padStreamForever(response: ServerResponse): void {
	pump(response, ssePadding, Number.POSITIVE_INFINITY, () => undefined);
}

let hugeMessage: Buffer | undefined;

/** One cached buffer of `bytes` bytes for huge WebSocket messages. */
export function hugeBuffer(bytes: number): Buffer {
	if (hugeMessage?.length !== bytes) {
		hugeMessage = Buffer.alloc(bytes, 'x');
	}

	return hugeMessage;
}
