import net from 'node:net';
import {type Address, Connection, Exchange} from './raw-connection.js';
import {RequestEncoder} from './raw-request.js';
import {tlsOptions} from './tls-options.js';
import type {HttpRequest, HttpResponse, HttpTransport, TransportOptions} from './http-types.js';

type Queued = {readonly exchange: Exchange; readonly onAbort: () => void};

/**
 * The lightest client, and the default: keep-alive HTTP/1.1 on plain `net`/`tls` sockets, the
 * way autocannon and wrk work. Per request it writes one cached buffer and parses the reply
 * in place; undici's generality (request objects, header validation, a second write for the
 * body, dispatcher layers) cost about half of a client core at 20k requests/s and ~1 ms of
 * p50 against wrk.
 */
export function createRawTransport({origin, connections, tls, proxy}: TransportOptions): HttpTransport {
	const url = new URL(origin);
	const secure = url.protocol === 'https:';
	const host = url.hostname.replace(/^\[(.*)]$/, '$1');
	const address: Address = {
		host,
		port: Number(url.port || (secure ? 443 : 80)),
		tls: secure,
		servername: secure && !net.isIP(host) ? host : undefined,
		tlsOptions: tlsOptions(tls),
		proxy,
	};
	const encoder = new RequestEncoder(url.host);
	const idle: Connection[] = [];
	const queue: Queued[] = [];
	const all = new Set<Connection>();

	/** The oldest waiting request, no longer listening for its abort (a connection now owns it). */
	const dequeue = (): Queued | undefined => {
		const next = queue.shift();
		next?.exchange.signal.removeEventListener('abort', next.onAbort);
		return next;
	};

	const events = {
		onIdle(connection: Connection) {
			const next = dequeue();
			if (next) connection.send(next.exchange.bytes, next.exchange);
			else idle.push(connection);
		},
		onGone(connection: Connection, retry: Exchange | undefined) {
			all.delete(connection);
			const index = idle.indexOf(connection);
			if (index !== -1) idle.splice(index, 1);
			if (retry) {
				retry.retried = true;
				retry.onRetry?.();
				return open().send(retry.bytes, retry);
			}

			const next = dequeue();
			if (next) open().send(next.exchange.bytes, next.exchange);
		},
	};

	/** The most recently used idle connection that the server has not been about to close. */
	const idleConnection = (): Connection | undefined => {
		const now = performance.now();
		let connection = idle.pop();
		while (connection?.expired(now)) {
			connection.retire();
			connection = idle.pop();
		}

		return connection;
	};

	const open = () => {
		const connection = new Connection(address, events);
		all.add(connection);
		return connection;
	};

	return {
		name: 'raw',
		request(request: HttpRequest): Promise<HttpResponse> {
			return new Promise((resolve, reject) => {
				const exchange = new Exchange(encoder.encode(request), request.signal, resolve, reject, request.onRetry);
				const connection = idleConnection() ?? (all.size < connections ? open() : undefined);
				if (connection) return connection.send(exchange.bytes, exchange);
				// More callers than connections (a probe beside the workers): wait for a free one.
				const onAbort = () => {
					const index = queue.indexOf(queued);
					if (index === -1) return;
					queue.splice(index, 1);
					reject(request.signal.reason);
				};
				const queued = {exchange, onAbort};
				queue.push(queued);
				request.signal.addEventListener('abort', onAbort, {once: true});
			});
		},
		async close() {
			for (const connection of all) connection.destroy();
			while (dequeue());
		},
	};
}
