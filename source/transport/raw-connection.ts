import net from 'node:net';
import tls from 'node:tls';
import {HTTPParser} from 'http-parser-js';
import {speedUpChunkedBodies} from './chunked-fast-path.js';
import {speedUpHeaders} from './header-fast-path.js';
import {BodySink} from './body-sink.js';
import {elapsedUs, nowNs} from '../engine/clock.js';
import type {ConnectionTiming} from '../engine/endpoint.js';
import {openTunnel} from './proxy.js';
import type {HttpHeaders, HttpResponse} from './http-types.js';

/** One request on a connection: from the write to the last byte of its reply. */
export class Exchange {
	readonly bytes: Buffer;
	readonly signal: AbortSignal;
	readonly resolve: (response: HttpResponse) => void;
	readonly reject: (error: unknown) => void;
	readonly onRetry: (() => void) | undefined;
	body: BodySink | undefined;
	/** Sent on a connection that had carried a reply before. */
	reused = false;
	/** A byte of the reply arrived: from then on a failure is the request's, not the connection's reuse. */
	replyStarted = false;
	retried = false;

	constructor(bytes: Buffer, signal: AbortSignal, resolve: (response: HttpResponse) => void, reject: (error: unknown) => void, onRetry?: () => void) {
		this.bytes = bytes;
		this.signal = signal;
		this.resolve = resolve;
		this.reject = reject;
		this.onRetry = onRetry;
	}

	/**
	 * A reused connection that fails before any byte of the reply was closed by the server as the
	 * request went out (HTTP/1.1 lets a server close an idle connection at any time): the request is
	 * sent once more on a new connection, as undici and browsers do, rather than failed for the
	 * client's own reuse.
	 */
	get mayRetry(): boolean {
		return this.reused && !this.replyStarted && !this.retried && !this.signal.aborted;
	}

	/** Before the reply's headers the request fails; after them, its body does. */
	fail(error: unknown): void {
		if (this.body) this.body.fail(error);
		else this.reject(error);
	}
}

export type Address = {
	readonly host: string;
	readonly port: number;
	readonly tls: boolean;
	readonly servername: string | undefined;
	/** Certificate options for TLS connections. */
	readonly tlsOptions?: {readonly ca?: string[]; readonly rejectUnauthorized?: boolean};
	/** Reach the target through this proxy's CONNECT tunnel. */
	readonly proxy?: URL;
};

export type ConnectionEvents = {
	/** The reply ended and the connection may carry another request. */
	readonly onIdle: (connection: Connection) => void;
	/** The connection closed and must not be used again; `retry`, a request to send again on a new one. */
	readonly onGone: (connection: Connection, retry: Exchange | undefined) => void;
};

/** Room left before a server's announced idle timeout: a connection is not reused this close to it. */
const keepAliveMarginMs = 1000;

/** `Keep-Alive: timeout=5, max=100` → 5000 ms, or undefined. */
export function keepAliveTimeoutMs(header: string | string[] | undefined): number | undefined {
	const value = Array.isArray(header) ? header.join(',') : header;
	const seconds = value === undefined ? undefined : /(?:^|[,;\s])timeout=(\d+)/i.exec(value)?.[1];
	return seconds === undefined ? undefined : Number(seconds) * 1000;
}

class ConnectionClosedError extends Error {
	readonly code = 'ECONNRESET';
}

/**
 * Every plain-TCP connection reads into this one buffer (Node's `onread`), and the reply is parsed
 * from it at once: with a thousand streams, a read per token each, the stream machinery and a fresh
 * buffer per read were a good part of the measuring loop's time. Safe because each read is parsed
 * before the next can happen (one thread); what outlives the read is copied (a body chunk waiting
 * for its reader, a body kept whole). TLS and proxy tunnels read as streams.
 */
const sharedReadBuffer = Buffer.allocUnsafe(64 * 1024);

/**
 * A keep-alive HTTP/1.1 connection carrying one request at a time (no pipelining). Replies are
 * parsed with http-parser-js, which reports the body in place as it arrives.
 */
export class Connection {
	/** Undefined while a proxy tunnel is being opened; requests written meanwhile wait in `unsent`. */
	private socket: net.Socket | undefined;
	private unsent: Buffer | undefined;
	private readonly parser = new HTTPParser(HTTPParser.RESPONSE);
	private readonly events: ConnectionEvents;
	private exchange: Exchange | undefined;
	private keepAlive = true;
	private interim = false;
	private gone = false;
	private closing = false;
	/** Replies this connection has carried to their end. */
	private served = 0;
	/** When it was opened, its name resolved, its TCP (or proxy tunnel) connected, its TLS handshake done (nowNs). */
	private readonly openedNs: bigint;
	private resolvedNs: bigint | undefined;
	/** When Node set about the TCP connect of an address given as an IP (see the constructor). */
	private dialledNs: bigint | undefined;
	private connectedNs: bigint | undefined;
	private securedNs: bigint | undefined;
	private readonly via: 'direct' | 'proxy';
	/** The server's idle timeout from the last reply's `Keep-Alive` header. */
	private keepAliveMs: number | undefined;
	private keepAliveHeader: string | string[] | undefined;
	private readonly headerNames: HeaderNames = {raw: [], lower: []};
	/** When, idle, it is too close to the server's keep-alive timeout to be used again (performance.now()). */
	private usableUntil = Number.POSITIVE_INFINITY;
	/** The signal this connection listens to: a worker's signal serves all its requests, so it rarely changes. */
	private watched: AbortSignal | undefined;
	private readonly onRead = (bytes: number, buffer: Uint8Array): boolean => {
		this.read(Buffer.from(buffer.buffer, buffer.byteOffset, bytes));
		// Anything but false: false would pause the socket.
		return true;
	};

	private readonly dialling = () => {
		this.dialledNs = nowNs();
	};

	private readonly onAbort = () => {
		if (this.exchange?.signal.aborted) this.close(this.exchange.signal.reason);
	};

	constructor(address: Address, events: ConnectionEvents) {
		this.events = events;
		this.openedNs = nowNs();
		this.via = address.proxy ? 'proxy' : 'direct';
		if (address.proxy) {
			openTunnel(address.proxy, address.host, address.port).then(
				(tunnel) => this.attach(address.tls ? secure(address, tunnel) : tunnel),
				(error: unknown) => this.close(error),
			);
		} else {
			// Node makes the TCP connect to an IP on the next tick (net.js's internalConnect goes through
			// process.nextTick). The connect's clock starts there, queued just ahead of it: what the client
			// does in this tick (this connection's set-up and request, other connections opened with it, a
			// first use's compiling) is the request's time, not the network's connect.
			process.nextTick(this.dialling);
			if (address.tls) this.attach(secure(address));
			// Plain TCP reads straight into one shared buffer: no stream, no allocation per read (see `sharedReadBuffer`).
			else this.attach(net.connect({host: address.host, port: address.port, onread: {buffer: sharedReadBuffer, callback: this.onRead}}));
		}

		this.parser[HTTPParser.kOnHeadersComplete] = (info) => this.headers(info.statusCode, info.headers, info.shouldKeepAlive);
		this.parser[HTTPParser.kOnBody] = (chunk, offset, length) =>
			this.exchange?.body?.push(offset === 0 && length === chunk.length ? chunk : chunk.subarray(offset, offset + length));
		speedUpHeaders(this.parser);
		speedUpChunkedBodies(this.parser, (chunk) => this.exchange?.body?.push(chunk));
		this.parser[HTTPParser.kOnMessageComplete] = () => this.complete();
	}

	private attach(socket: net.Socket): void {
		if (this.gone) {
			socket.destroy();
			return;
		}

		this.socket = socket;
		// Through a proxy the tunnel stands for the TCP connect (the name is resolved at the proxy).
		if (this.via === 'proxy') this.connectedNs = nowNs();
		socket.once('lookup', () => (this.resolvedNs = nowNs()));
		socket.once('connect', () => (this.connectedNs ??= nowNs()));
		socket.once('secureConnect', () => (this.securedNs = nowNs()));
		socket.setNoDelay(true);
		socket.on('data', (data: Buffer) => this.read(data));
		socket.on('end', () => this.ended());
		socket.on('error', (error) => this.close(error));
		socket.on('close', () => this.close(new ConnectionClosedError('other side closed')));
		if (this.unsent) socket.write(this.unsent);
		this.unsent = undefined;
	}

	/** Writes the request at once; the caller's timer is already running. */
	send(bytes: Buffer, exchange: Exchange): void {
		if (exchange.signal.aborted) {
			exchange.reject(exchange.signal.reason);
			return this.events.onIdle(this);
		}

		this.exchange = exchange;
		exchange.reused = this.served > 0;
		this.watch(exchange.signal);
		if (this.socket) this.socket.write(bytes);
		else this.unsent = bytes;
	}

	/** Reused, or the time its opening took: name, connect, handshake (each undefined where there was none). */
	private timing(exchange: Exchange): ConnectionTiming {
		if (exchange.reused) return {reused: true};
		const since = (from: bigint, to: bigint | undefined) => (to === undefined ? undefined : elapsedUs(from, to));
		// A name's connect starts when it is resolved (Node connects in the lookup's callback), an IP's when Node dials it.
		const connectFrom = this.resolvedNs ?? this.dialledNs ?? this.openedNs;
		return {
			reused: false,
			dnsUs: since(this.openedNs, this.resolvedNs),
			connectUs: since(connectFrom, this.connectedNs),
			tlsUs: this.connectedNs === undefined ? undefined : since(this.connectedNs, this.securedNs),
		};
	}

	/** Idle past the server's announced keep-alive timeout (less a margin): it would close under the next request. */
	expired(now: number): boolean {
		return now >= this.usableUntil;
	}

	/** Closes an idle connection that must not be reused. */
	retire(): void {
		this.close(new ConnectionClosedError('idle past the server keep-alive timeout'));
	}

	destroy(): void {
		this.watch(undefined);
		this.gone = true;
		this.socket?.destroy();
	}

	private watch(signal: AbortSignal | undefined): void {
		if (signal === this.watched) return;
		this.watched?.removeEventListener('abort', this.onAbort);
		signal?.addEventListener('abort', this.onAbort);
		this.watched = signal;
	}

	private read(data: Buffer): void {
		if (!this.exchange) return this.close(new Error('reply bytes with no request outstanding'));
		this.exchange.replyStarted = true;
		const result = this.parser.execute(data);
		if (result instanceof Error) this.close(Object.assign(new Error(`bad HTTP reply: ${result.message}`), {code: 'HPE_INVALID'}));
	}

	private headers(status: number, flat: string[], keepAlive: boolean): void {
		const exchange = this.exchange;
		if (!exchange || exchange.body) return;
		// 1xx replies (103 Early Hints) precede the real one.
		if (status < 200 && status !== 101) {
			this.interim = true;
			return;
		}

		this.keepAlive = keepAlive;
		const headers = headerRecord(flat, this.headerNames);
		// A server sends the same Keep-Alive header on every reply: parsed once per connection, not per reply.
		const announced = headers['keep-alive'];
		if (announced !== this.keepAliveHeader) {
			this.keepAliveHeader = announced;
			this.keepAliveMs = keepAliveTimeoutMs(announced);
		}
		exchange.body = new BodySink((error) => this.close(error));
		exchange.resolve({status, headers, consume: exchange.body.consume, connection: this.timing(exchange)});
	}

	private complete(): void {
		if (this.interim) {
			this.interim = false;
			return;
		}

		const exchange = this.exchange;
		if (!exchange?.body) return;
		this.exchange = undefined;
		this.served++;
		// The server's idle timeout runs from the end of the reply.
		const timeoutMs = this.keepAliveMs;
		this.usableUntil = timeoutMs === undefined ? Number.POSITIVE_INFINITY : performance.now() + timeoutMs - Math.min(keepAliveMarginMs, timeoutMs / 2);
		exchange.body.end();
		if (this.keepAlive && !this.closing) this.events.onIdle(this);
		else this.close(new ConnectionClosedError('connection closed by the server after the reply'));
	}

	/** The server closed its side: a reply read until close ends here; anything else is cut short. */
	private ended(): void {
		this.closing = true;
		if (this.exchange) this.parser.finish();
		this.close(new ConnectionClosedError('other side closed'));
	}

	private close(error: unknown): void {
		const exchange = this.exchange;
		this.exchange = undefined;
		const retry = exchange?.mayRetry && !this.gone ? exchange : undefined;
		if (!retry) exchange?.fail(error);
		if (this.gone) return;
		this.gone = true;
		this.watch(undefined);
		this.socket?.destroy();
		this.events.onGone(this, retry);
	}
}

/** TLS to the target, directly or over a proxy's tunnel. */
const secure = (address: Address, socket?: net.Socket): net.Socket =>
	tls.connect({
		...(socket ? {socket} : {host: address.host, port: address.port}),
		servername: address.servername,
		ALPNProtocols: ['http/1.1'],
		...address.tlsOptions,
	});

/** The header names of a connection's last reply, as sent and lower-cased, by position. */
type HeaderNames = {readonly raw: string[]; readonly lower: string[]};

/**
 * Lower-case names; a repeated header becomes a list, as node:http and undici give it. A server names
 * its headers alike on every reply: where a name is the one the last reply had at its place, that
 * reply's lower-cased name is used again, already one of V8's property keys. Lower-casing each name
 * and making a key of it anew was 3 % of the client's CPU at 15,000 pings a second.
 */
function headerRecord(flat: string[], names: HeaderNames): HttpHeaders {
	const headers: Record<string, string | string[]> = {};
	for (let index = 0; index + 1 < flat.length; index += 2) {
		const raw = flat[index] as string;
		const place = index >> 1;
		let name = names.raw[place] === raw ? names.lower[place] : undefined;
		if (name === undefined) {
			name = raw.toLowerCase();
			names.raw[place] = raw;
			names.lower[place] = name;
		}

		const value = flat[index + 1] as string;
		const existing = headers[name];
		if (existing === undefined) headers[name] = value;
		else if (Array.isArray(existing)) existing.push(value);
		else headers[name] = [existing, value];
	}

	return headers;
}
