import {sanitize} from './sanitize.js';

/**
 * Every failed request lands in exactly one kind. HTTP failures are `http_<status>`, with the
 * provider's error type when the body names one (`http_529:overloaded_error`); an error event
 * inside a stream is `stream_error:<type>`.
 */
export type ErrorKind =
	| `http_${number}`
	| `http_${number}:${string}`
	| `stream_error:${string}`
	| 'timeout'
	| 'connection_refused'
	| 'connection_reset'
	| 'dns'
	| 'connect_error'
	| 'bad_body'
	| 'bad_json'
	| 'body_too_large'
	| 'stream_error'
	| 'stream_truncated'
	| 'not_a_stream'
	| 'ws_closed'
	| `ws_http_${number}`
	| 'tls_self_signed'
	| 'tls_expired'
	| 'tls_hostname'
	| 'tls_untrusted'
	| 'tls_error'
	| 'proxy_error'
	| 'aborted'
	| 'client_error';

const codeKinds: Record<string, ErrorKind> = {
	ECONNREFUSED: 'connection_refused',
	ECONNRESET: 'connection_reset',
	EPIPE: 'connection_reset',
	UND_ERR_SOCKET: 'connection_reset',
	UND_ERR_CLOSED: 'connection_reset',
	ERR_STREAM_PREMATURE_CLOSE: 'connection_reset',
	// HTTP/2: the server reset the request's stream (RST_STREAM with an error: its cut mid-reply), or the whole connection.
	ERR_HTTP2_STREAM_ERROR: 'connection_reset',
	ERR_HTTP2_SESSION_ERROR: 'connection_reset',
	ERR_HTTP2_GOAWAY_SESSION: 'connection_reset',
	ENOTFOUND: 'dns',
	EAI_AGAIN: 'dns',
	ETIMEDOUT: 'timeout',
	ESOCKETTIMEDOUT: 'timeout',
	UND_ERR_CONNECT_TIMEOUT: 'timeout',
	UND_ERR_HEADERS_TIMEOUT: 'timeout',
	UND_ERR_BODY_TIMEOUT: 'timeout',
	EHOSTUNREACH: 'connect_error',
	ENETUNREACH: 'connect_error',
	UND_ERR_ABORTED: 'aborted',
	BODY_TOO_LARGE: 'body_too_large',
	BAD_ENCODING: 'bad_body',
	WS_ERR_UNSUPPORTED_MESSAGE_LENGTH: 'body_too_large',
	ABORT_ERR: 'aborted',
	// The certificate checks, by what failed: the fix differs (trust a CA, renew, use the right name).
	DEPTH_ZERO_SELF_SIGNED_CERT: 'tls_self_signed',
	SELF_SIGNED_CERT_IN_CHAIN: 'tls_self_signed',
	CERT_HAS_EXPIRED: 'tls_expired',
	CERT_NOT_YET_VALID: 'tls_expired',
	ERR_TLS_CERT_ALTNAME_INVALID: 'tls_hostname',
	UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'tls_untrusted',
	UNABLE_TO_GET_ISSUER_CERT: 'tls_untrusted',
	UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'tls_untrusted',
	CERT_UNTRUSTED: 'tls_untrusted',
	CERT_SIGNATURE_FAILURE: 'tls_untrusted',
	EPROTO: 'tls_error',
	PROXY_ERROR: 'proxy_error',
};

/**
 * undici's HTTP/2 client in its own words (an UND_ERR_INFO) when the server breaks a request's stream
 * off: ended before any reply (`stream half-closed (remote)`), closed before the reply's end, or reset
 * with an error code (`"stream error" received - code 2`). Node's own client says ERR_HTTP2_STREAM_ERROR.
 */
const undiciStreamBrokenOff = /^HTTP\/2: (?:stream half-closed \(remote\)|stream closed before the response was complete|"stream error" received)/;

/** A proxy that refused its tunnel, as hpagent ("Bad response: 407") and undici ("Proxy response (407) !== 200") say it. */
const proxyRefusal = /^Bad response: \d{3}$|^Proxy response \(\d{3}\)/;

type ErrorLike = {code?: unknown; name?: unknown; cause?: unknown; message?: unknown};

/** Maps a thrown network error (undici, got, ws, node) to its kind, looking through `cause` chains. */
export function classifyError(error: unknown): ErrorKind {
	let current: unknown = error;
	for (let depth = 0; depth < 5 && current !== null && typeof current === 'object'; depth++) {
		const {code, name, cause, message} = current as ErrorLike;
		if (typeof message === 'string' && proxyRefusal.test(message)) return 'proxy_error';
		if (typeof code === 'string' && codeKinds[code]) return codeKinds[code];
		if (code === 'UND_ERR_INFO' && typeof message === 'string' && undiciStreamBrokenOff.test(message)) return 'connection_reset';
		// OpenSSL's own failures (a plain HTTP server on an https URL: ERR_SSL_WRONG_VERSION_NUMBER).
		if (typeof code === 'string' && code.startsWith('ERR_SSL_')) return 'tls_error';
		if (name === 'AbortError') return 'aborted';
		if (name === 'TimeoutError') return 'timeout';
		current = cause;
	}

	return 'client_error';
}

/**
 * Through a proxy, the client only ever connects to the proxy: a refused, unresolved or unreachable
 * connection is the proxy's failure (the target's would come back from the proxy as a reply).
 */
export const throughProxy = (kind: ErrorKind): ErrorKind =>
	kind === 'connection_refused' || kind === 'dns' || kind === 'connect_error' ? 'proxy_error' : kind;

/** One line, no stack: safe to print. */
export function errorMessage(error: unknown): string {
	const message = error instanceof Error ? error.message : String(error);
	const code = (error as ErrorLike | undefined)?.code;
	const line = sanitize(message.split('\n')[0] ?? '');
	return typeof code === 'string' && !line.includes(code) ? `${code}: ${line}` : line;
}

export type ErrorClass = 'http_4xx' | 'http_5xx' | 'http_other' | 'stream' | 'body' | 'timeout' | 'network' | 'tls' | 'websocket' | 'client';

/** The coarse class of a kind, for a one-glance roll-up. */
export function errorClassOf(kind: string): ErrorClass {
	const status = /^http_(\d)/.exec(kind)?.[1];
	if (status === '4') return 'http_4xx';
	if (status === '5') return 'http_5xx';
	if (status) return 'http_other';
	if (kind.startsWith('stream_') || kind === 'not_a_stream') return 'stream';
	if (kind === 'bad_body' || kind === 'bad_json' || kind === 'body_too_large') return 'body';
	if (kind === 'timeout') return 'timeout';
	if (kind === 'connection_refused' || kind === 'connection_reset' || kind === 'dns' || kind === 'connect_error' || kind === 'proxy_error') return 'network';
	if (kind === 'ws_closed' || kind.startsWith('ws_http_')) return 'websocket';
	if (kind.startsWith('tls_')) return 'tls';
	return 'client';
}

/** Keeps provider error types readable and bounded: they become map keys and CSV cells. */
export const safeErrorType = (type: string): string => type.replace(/[^\w.-]/g, '_').slice(0, 48);
