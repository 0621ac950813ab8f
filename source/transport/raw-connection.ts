import net from 'node:net';
import tls from 'node:tls';
import {HTTPParser} from 'http-parser-js';
import {BodySink} from './body-sink.js';
import type {HttpHeaders, HttpResponse} from './types.js';

/** One request on a connection: from the write to the last byte of its reply. */
export class Exchange {
	readonly signal: AbortSignal;
	readonly resolve: (response: HttpResponse) => void;
	readonly reject: (error: unknown) => void;
	body: BodySink | undefined;

	constructor(signal: AbortSignal, resolve: (response: HttpResponse) => void, reject: (error: unknown) => void) {
		this.signal = signal;
		this.resolve = resolve;
		this.reject = reject;
	}

	/** Before the reply's headers the request fails; after them, its body does. */
	fail(error: unknown): void {
		if (this.body) this.body.fail(error);
		else this.reject(error);
	}
}

export type Address = {readonly host: string; readonly port: number; readonly tls: boolean; readonly servername: string | undefined};

export type ConnectionEvents = {
	/** The reply ended and the connection may carry another request. */
	readonly onIdle: (connection: Connection) => void;
	/** The connection closed and must not be used again. */
	readonly onGone: (connection: Connection) => void;
};

class ConnectionClosedError extends Error {
	readonly code = 'ECONNRESET';
}

/**
 * A keep-alive HTTP/1.1 connection carrying one request at a time (no pipelining). Replies are
 * parsed with http-parser-js, which reports the body in place as it arrives.
 */
export class Connection {
	private readonly socket: net.Socket;
	private readonly parser = new HTTPParser(HTTPParser.RESPONSE);
	private readonly events: ConnectionEvents;
	private exchange: Exchange | undefined;
	private keepAlive = true;
	private interim = false;
	private gone = false;
	private closing = false;
	/** The signal this connection listens to: a worker's signal serves all its requests, so it rarely changes. */
	private watched: AbortSignal | undefined;
	private readonly onAbort = () => {
		if (this.exchange?.signal.aborted) this.close(this.exchange.signal.reason);
	};

	constructor(address: Address, events: ConnectionEvents) {
		this.events = events;
		this.socket = address.tls
			? tls.connect({host: address.host, port: address.port, servername: address.servername, ALPNProtocols: ['http/1.1']})
			: net.connect({host: address.host, port: address.port});
		this.socket.setNoDelay(true);
		this.socket.on('data', (data: Buffer) => this.read(data));
		this.socket.on('end', () => this.ended());
		this.socket.on('error', (error) => this.close(error));
		this.socket.on('close', () => this.close(new ConnectionClosedError('other side closed')));
		this.parser[HTTPParser.kOnHeadersComplete] = (info) => this.headers(info.statusCode, info.headers, info.shouldKeepAlive);
		this.parser[HTTPParser.kOnBody] = (chunk, offset, length) =>
			this.exchange?.body?.push(offset === 0 && length === chunk.length ? chunk : chunk.subarray(offset, offset + length));
		this.parser[HTTPParser.kOnMessageComplete] = () => this.complete();
	}

	/** Writes the request at once; the caller's timer is already running. */
	send(bytes: Buffer, exchange: Exchange): void {
		if (exchange.signal.aborted) {
			exchange.reject(exchange.signal.reason);
			return this.events.onIdle(this);
		}

		this.exchange = exchange;
		this.watch(exchange.signal);
		this.socket.write(bytes);
	}

	destroy(): void {
		this.watch(undefined);
		this.socket.destroy();
	}

	private watch(signal: AbortSignal | undefined): void {
		if (signal === this.watched) return;
		this.watched?.removeEventListener('abort', this.onAbort);
		signal?.addEventListener('abort', this.onAbort);
		this.watched = signal;
	}

	private read(data: Buffer): void {
		if (!this.exchange) return this.close(new Error('reply bytes with no request outstanding'));
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
		exchange.body = new BodySink((error) => this.close(error));
		exchange.resolve({status, headers: headerRecord(flat), consume: exchange.body.consume});
	}

	private complete(): void {
		if (this.interim) {
			this.interim = false;
			return;
		}

		const exchange = this.exchange;
		if (!exchange?.body) return;
		this.exchange = undefined;
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
		exchange?.fail(error);
		if (this.gone) return;
		this.gone = true;
		this.watch(undefined);
		this.socket.destroy();
		this.events.onGone(this);
	}
}

/** Lower-case names; a repeated header becomes a list, as node:http and undici give it. */
function headerRecord(flat: string[]): HttpHeaders {
	const headers: Record<string, string | string[]> = {};
	for (let index = 0; index + 1 < flat.length; index += 2) {
		const name = (flat[index] as string).toLowerCase();
		const value = flat[index + 1] as string;
		const existing = headers[name];
		if (existing === undefined) headers[name] = value;
		else if (Array.isArray(existing)) existing.push(value);
		else headers[name] = [existing, value];
	}

	return headers;
}
