import type {ConnectionTiming} from '../engine/endpoint.js';
import type {HttpClientName, TlsSettings} from '../plan/run-plan.js';

export type HttpRequest = {
	readonly method: 'GET' | 'POST';
	/** Path and query, resolved against the transport's origin. */
	readonly path: string;
	readonly headers: Readonly<Record<string, string>>;
	readonly body?: string;
	readonly signal: AbortSignal;
	/**
	 * Called when the transport sends the request a second time: a reused keep-alive connection
	 * failed before any byte of the reply (the server had just closed it), so it went again on a
	 * new one. The timer runs on: the wait is the client's reality, and the row says why.
	 */
	readonly onRetry?: () => void;
};

export type HttpHeaders = Readonly<Record<string, string | string[] | undefined>>;

export type HttpResponse = {
	readonly status: number;
	/** Lower-case names. */
	readonly headers: HttpHeaders;
	/**
	 * Reads the whole body: every chunk goes to `onChunk` (which may throw to stop), and the
	 * promise resolves with the byte count at its end. Past `cap` bytes it rejects with
	 * BodyTooLargeError. Call it once, right after the response arrives. A chunk is `onChunk`'s only
	 * while it runs (the raw transport reads every socket into one buffer): copy what is kept.
	 * `arrivedNs` is when a chunk that waited for the caller arrived (it came with the headers):
	 * undefined for a chunk handed over as it arrives. A chunk that waited is a copy already, the
	 * caller's to keep.
	 */
	readonly consume: (cap: number, onChunk: (chunk: Buffer, arrivedNs?: bigint) => void) => Promise<number>;
	/** Reused, or opened for this request and how long that took; undefined when the client cannot tell (undici). */
	readonly connection?: ConnectionTiming;
};

/**
 * The one seam between measured HTTP and a client library. `request` resolves when the
 * response headers arrive (that instant is TTFB); the caller then reads the body.
 */
export type HttpTransport = {
	readonly name: HttpClientName;
	request(request: HttpRequest): Promise<HttpResponse>;
	close(): Promise<void>;
};

/**
 * The most response-head bytes every transport reads: the default raw transport's parser
 * (http-parser-js) allows 80 KB, where undici and Node's parser stop at 16 KB (a gateway adding
 * 40 KB of headers failed on those two only).
 */
export const maxHeaderBytes = 80 * 1024;

export type TransportOptions = {
	/** Origin such as http://127.0.0.1:9992. */
	readonly origin: string;
	/** Keep-alive connections to open at most; equals the endpoint's concurrency. */
	readonly connections: number;
	/** Certificate checks for https origins. @default the system's CAs, checked */
	readonly tls?: TlsSettings;
	/** Reach the origin through this HTTP(S) proxy (a CONNECT tunnel). */
	readonly proxy?: URL;
	/** `--http2`: streams on few connections (h2 by ALPN over TLS, h2c with prior knowledge in cleartext), this many on each at most. */
	readonly http2?: {readonly streamsPerConnection: number};
};

export const headerValue = (headers: HttpHeaders, name: string): string | undefined => {
	const value = headers[name];
	return Array.isArray(value) ? value[0] : value;
};

/** The line a run through a proxy with `--http2` stops on: neither HTTP/2 client tunnels yet. */
export const noProxyOverHttp2 = '--http2 does not go through a proxy yet: unset HTTPS_PROXY/HTTP_PROXY (or add the host to NO_PROXY), or leave out --http2';
