import type {MockFault} from '../../source/mock/server.js';
import type {EndpointInfo} from '../../source/engine/endpoint.js';
import {type Surface, surfaceOf} from './faults.js';

const anthropicTypes: Record<number, string> = {429: 'rate_limit_error', 500: 'api_error', 503: 'overloaded_error', 529: 'overloaded_error'};

/**
 * The kind an injected HTTP status becomes. Provider routes name their error type in the body
 * (Anthropic `error.type`, OpenAI-style `error.code`); Sourcegraph and ping errors are text, so just the status.
 */
export function statusKind(info: EndpointInfo, status: number): string {
	if (info.pipeline !== 'completions' || info.target === 'sourcegraph') return `http_${status}`;
	if (info.provider === 'anthropic') return `http_${status}:${anthropicTypes[status] ?? 'api_error'}`;
	return `http_${status}:${status === 429 ? 'rate_limit_exceeded' : 'server_error'}`;
}

/** Anthropic names `overloaded_error`, OpenAI-style chunks `server_error`; Sourcegraph's error event has only a message. */
function streamErrorKind(info: EndpointInfo): string {
	if (info.target === 'sourcegraph') return 'stream_error';
	return info.provider === 'anthropic' ? 'stream_error:overloaded_error' : 'stream_error:server_error';
}

type Expected = Partial<Record<Surface, string | ((info: EndpointInfo) => string)>>;

/**
 * What the client must report for each fault, by surface; a surface left out is one the fault does not touch.
 * - cut-stream → connection_reset, not stream_truncated: the mock closes the TCP connection in the middle of
 *   the HTTP body (a chunked stream without its last chunk, or fewer bytes than content-length), so the HTTP
 *   client itself fails the body read (undici UND_ERR_SOCKET "other side closed", got ECONNRESET) before the
 *   SSE reader could look for a terminal event. stream_truncated is for a correctly framed body that simply
 *   ends without `message_stop` / `[DONE]` / `done`: the `short-stream` fault.
 * - stall and slow-headers only end by the plan's timeout → timeout.
 * - reset on a WebSocket tears the connection down without a close frame: the client sees a close → ws_closed.
 * - huge-body → body_too_large: replies past the client's cap (32 MiB completions, 64 KiB pings).
 */
const expected: Record<Exclude<MockFault, 'status'>, Expected> = {
	'cut-stream': {stream: 'connection_reset', body: 'connection_reset'},
	'short-stream': {stream: 'stream_truncated'},
	stall: {stream: 'timeout', body: 'timeout', ping: 'timeout', ws: 'timeout'},
	'error-event': {stream: streamErrorKind},
	'malformed-sse': {stream: 'bad_json'},
	'invalid-json': {body: 'bad_json'},
	'wrong-pong': {ping: 'bad_body', ws: 'bad_body'},
	'ws-close': {ws: 'ws_closed'},
	reset: {stream: 'connection_reset', body: 'connection_reset', ping: 'connection_reset', ws: 'ws_closed'},
	'slow-headers': {stream: 'timeout', body: 'timeout', ping: 'timeout', ws: 'timeout'},
	'huge-body': {stream: 'body_too_large', body: 'body_too_large', ping: 'body_too_large', ws: 'body_too_large'},
};

/** The expected kind of a failed request on this endpoint, or undefined when the fault does not apply to it. */
export function kindFor(fault: MockFault, status = 500): (info: EndpointInfo) => string | undefined {
	return (info) => {
		if (fault === 'status') return surfaceOf(info) === 'ws' ? undefined : statusKind(info, status);
		const kind = expected[fault][surfaceOf(info)];
		return typeof kind === 'function' ? kind(info) : kind;
	};
}
