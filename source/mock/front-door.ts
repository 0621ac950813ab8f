import net from 'node:net';
import type {Server as HttpServer} from 'node:http';
import type {Http2Server, Http2Session} from 'node:http2';
import type {MockStats} from './mock-options.js';

/** The first bytes of every HTTP/2 connection with prior knowledge (RFC 9113 §3.4). */
const preface = Buffer.from('PRI * HTTP/2.0\r\n');

export type FrontDoor = {
	readonly listener: net.Server;
	/**
	 * Ends every connection, of either kind: the HTTP server never listened itself, so its own
	 * `closeAllConnections` knows none of them.
	 */
	readonly closeAll: () => void;
};

/**
 * One port for HTTP/1.1 and cleartext HTTP/2 (h2c with prior knowledge, as vLLM behind hypercorn,
 * Envoy and gRPC servers accept it): each connection's first bytes say which. A connection that
 * opens with the HTTP/2 preface goes to an HTTP/2 server (made on the first one, so the mock loads
 * node:http2 only when asked); any other to the HTTP/1.1 server. Nothing is read past the first
 * packet, and each server then owns its socket as if it had accepted it.
 */
export function frontDoor(http1: HttpServer, counts: MockStats['connections'], makeHttp2: () => Promise<Http2Server>): FrontDoor {
	let http2: Promise<Http2Server> | undefined;
	const sessions = new Set<Http2Session>();
	const sockets = new Set<net.Socket>();
	const listener = net.createServer({noDelay: true}, (socket) => {
		sockets.add(socket);
		socket.once('close', () => sockets.delete(socket));
		socket.once('error', () => socket.destroy());
		socket.once('readable', () => {
			const head = socket.read() as Buffer | null;
			if (head === null) return void socket.destroy();
			socket.unshift(head);
			// A first packet shorter than the preface is compared as far as it goes.
			const compared = Math.min(head.length, preface.length);
			const wantsHttp2 = head.subarray(0, compared).equals(preface.subarray(0, compared));
			if (!wantsHttp2) {
				counts.http1++;
				return void http1.emit('connection', socket);
			}

			counts.h2c++;
			http2 ??= makeHttp2().then((server) => {
				server.on('stream', () => counts.streams++);
				server.on('session', (session: Http2Session) => {
					sessions.add(session);
					session.once('close', () => sessions.delete(session));
				});
				return server;
			});
			void http2.then((server) => server.emit('connection', socket));
		});
	});
	return {
		listener,
		closeAll() {
			for (const session of sessions) session.destroy();
			for (const socket of sockets) socket.destroy();
		},
	};
}
