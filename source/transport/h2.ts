import http2, {type ClientHttp2Session, type ClientHttp2Stream, type IncomingHttpHeaders, type OutgoingHttpHeaders} from 'node:http2';
import net from 'node:net';
import tls from 'node:tls';
import {elapsedUs, nowNs} from '../engine/clock.js';
import type {ConnectionTiming} from '../engine/endpoint.js';
import {BodySink} from './body-sink.js';
import {type HttpRequest, type HttpResponse, type HttpTransport, maxHeaderBytes, noProxyOverHttp2, type TransportOptions} from './http-types.js';
import {tlsOptions} from './tls-options.js';

/** Headers HTTP/2 forbids on a request (RFC 9113 §8.2.2), and the host, which is `:authority` there. */
const notInHttp2 = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'host']);

/** One connection (an HTTP/2 session) and the streams it carries now. */
type Session = {
	readonly session: ClientHttp2Session;
	/** Streams open on it. */
	active: number;
	/** The first stream sent on it has not been told its connection yet: it carries the connect timing. */
	timing: ConnectionTiming | undefined;
	/** Settled once the server's SETTINGS arrived (or the session failed first). */
	readonly ready: Promise<void>;
	gone: boolean;
};

type Waiting = {readonly request: HttpRequest; readonly resolve: (response: HttpResponse) => void; readonly reject: (error: unknown) => void};

/** What the server allows at once on one connection, within what gatebench asks for. */
const streamsAllowed = (entry: Session, wanted: number): number => Math.min(wanted, entry.session.remoteSettings.maxConcurrentStreams ?? wanted);

/** Node's "protocol error" before any SETTINGS: the other side spoke HTTP/1.1 (or nothing), said in a user's words. */
function explained(error: Error, secure: boolean, settled: boolean): Error {
	if (settled) return error;
	const code = (error as {code?: unknown}).code;
	// OpenSSL's own text is several lines of its internals; its code says it all.
	const why = code === 'ERR_SSL_TLSV1_ALERT_NO_APPLICATION_PROTOCOL' ? 'it offered no h2' : (error.message.split('\n')[0] ?? '');
	const what = secure ? `did not agree to HTTP/2 (ALPN: ${why})` : `did not answer HTTP/2 with prior knowledge (h2c): ${why}`;
	return Object.assign(new Error(`the server ${what}; leave out --http2 to speak HTTP/1.1`), {code});
}

/**
 * `--http2`: many requests as streams on few connections, with Node's own `http2` (nghttp2), the
 * client that k6 and oha's peers in Node build on. h2 is negotiated by ALPN over TLS; cleartext
 * origins get h2c with prior knowledge (no Upgrade dance: servers that speak h2c accept it, and
 * the first request is not an HTTP/1.1 one). `connections` streams at most are in flight; they go
 * on the fewest connections that hold them, `streamsPerConnection` each or the server's limit.
 */
export function createH2Transport({origin, connections: maxInFlight, tls: tlsSettings, http2: settings, proxy}: TransportOptions): HttpTransport {
	if (proxy) throw new Error(noProxyOverHttp2);
	const url = new URL(origin);
	const secure = url.protocol === 'https:';
	const host = url.hostname.replace(/^\[(.*)]$/, '$1');
	const port = Number(url.port || (secure ? 443 : 80));
	const wanted = Math.max(1, settings?.streamsPerConnection ?? 100);
	const sessions: Session[] = [];
	const waiting: Waiting[] = [];
	let inFlight = 0;

	const open = (): Session => {
		const startedNs = nowNs();
		let connectUs: number | undefined;
		let tlsUs: number | undefined;
		const createConnection = () => {
			const socket = secure
				? tls.connect({host, port, servername: net.isIP(host) ? undefined : host, ALPNProtocols: ['h2'], ...tlsOptions(tlsSettings)})
				: net.connect({host, port, noDelay: true});
			socket.once('connect', () => {
				connectUs = elapsedUs(startedNs);
			});
			socket.once('secureConnect', () => {
				tlsUs = elapsedUs(startedNs) - (connectUs ?? 0);
			});
			return socket;
		};
		const session = http2.connect(origin, {
			createConnection,
			maxHeaderListPairs: 2000,
			maxSessionMemory: 64,
			settings: {enablePush: false, maxHeaderListSize: maxHeaderBytes},
		});
		let settled = false;
		const entry: Session = {
			session,
			active: 0,
			timing: undefined,
			gone: false,
			ready: new Promise<void>((resolve, reject) => {
				session.once('remoteSettings', () => {
					settled = true;
					entry.timing = {reused: false, connectUs, tlsUs};
					resolve();
				});
				session.once('error', (error: Error) => reject(explained(error, secure, settled)));
			}),
		};
		entry.ready.catch(() => undefined);
		const gone = () => {
			entry.gone = true;
			const index = sessions.indexOf(entry);
			if (index !== -1) sessions.splice(index, 1);
		};
		session.once('close', gone);
		session.once('goaway', gone);
		session.on('error', () => undefined);
		session.unref();
		sessions.push(entry);
		return entry;
	};

	/** A connection with room for one more stream, opened when none has any and the cap allows. */
	const sessionWithRoom = (): Session => {
		for (const entry of sessions) if (!entry.gone && entry.active < streamsAllowed(entry, wanted)) return entry;
		return open();
	};

	const send = async ({request, resolve, reject}: Waiting): Promise<void> => {
		const entry = sessionWithRoom();
		entry.active++;
		let released = false;
		/** The stream's slot is free again: at the reply's end (its 'close' comes a tick later), or its close. */
		const done = () => {
			if (released) return;
			released = true;
			entry.active--;
			inFlight--;
			const next = waiting.shift();
			if (next) {
				inFlight++;
				void send(next);
			}
		};

		try {
			await entry.ready;
		} catch (error) {
			done();
			return reject(error);
		}

		const connection = entry.timing ?? {reused: true};
		entry.timing = undefined;
		let stream: ClientHttp2Stream;
		try {
			stream = entry.session.request(headersOf(request, url), {endStream: request.body === undefined, signal: request.signal});
		} catch (error) {
			done();
			return reject(error);
		}

		const body = new BodySink(() => stream.close(http2.constants.NGHTTP2_CANCEL));
		let answered = false;
		stream.once('response', (headers: IncomingHttpHeaders) => {
			answered = true;
			resolve({status: Number(headers[':status']), headers, consume: body.consume, connection});
		});
		stream.on('data', (chunk: Buffer) => body.push(chunk));
		stream.once('end', () => {
			body.end();
			done();
		});
		stream.once('error', (error: Error) => (answered ? body.fail(error) : reject(error)));
		stream.once('close', () => {
			// A stream reset (or cut) without an error event still ends the exchange.
			if (!answered) reject(Object.assign(new Error(`stream closed before a reply (HTTP/2 code ${stream.rstCode})`), {code: 'ECONNRESET'}));
			else if (stream.rstCode !== http2.constants.NGHTTP2_NO_ERROR)
				body.fail(Object.assign(new Error(`stream reset (HTTP/2 code ${stream.rstCode})`), {code: 'ECONNRESET'}));
			done();
		});
		if (request.body !== undefined) stream.end(request.body);
	};

	return {
		name: 'raw',
		request(request: HttpRequest): Promise<HttpResponse> {
			return new Promise((resolve, reject) => {
				const item = {request, resolve, reject};
				if (inFlight < maxInFlight) {
					inFlight++;
					return void send(item);
				}

				// More callers than streams allowed (a probe beside the workers): wait for one to finish.
				waiting.push(item);
				request.signal.addEventListener(
					'abort',
					() => {
						const index = waiting.indexOf(item);
						if (index === -1) return;
						waiting.splice(index, 1);
						reject(request.signal.reason);
					},
					{once: true},
				);
			});
		},
		async close() {
			for (const {request, reject} of waiting.splice(0)) reject(request.signal.reason ?? new Error('transport closed'));
			for (const {session} of sessions.splice(0)) session.destroy();
		},
	};
}

/** The request's pseudo-headers and its own, lower-case, without those HTTP/2 forbids. */
function headersOf(request: HttpRequest, url: URL): OutgoingHttpHeaders {
	const headers: OutgoingHttpHeaders = {':method': request.method, ':path': request.path, ':authority': url.host, ':scheme': url.protocol.slice(0, -1)};
	for (const [name, value] of Object.entries(request.headers)) {
		const lower = name.toLowerCase();
		if (!notInHttp2.has(lower)) headers[lower] = value;
	}

	if (request.body !== undefined) headers['content-length'] = Buffer.byteLength(request.body);
	return headers;
}
