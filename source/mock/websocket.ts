import {STATUS_CODES, type IncomingMessage} from 'node:http';
import type {Duplex} from 'node:stream';
import {WebSocketServer, type RawData, type WebSocket} from 'ws';
import {hugeBuffer} from './faults.js';
import type {MockContext, MockStats} from './mock-options.js';

const ping = Buffer.from('ping');

export type WebSocketRoutes = {
	/** Takes over an upgrade request for a WebSocket path (requireToken is checked first; failRate applies per message). */
	upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void;
	/** Terminates every client at once. */
	close(): void;
};

/** Writes a plain HTTP error on a socket that asked to upgrade, then closes it. */
export function rejectUpgrade(socket: Duplex, status: number, trace: Record<string, unknown>, body: string): void {
	if (!socket.writable) {
		socket.destroy();
		return;
	}

	const lines = [
		`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}`,
		'Connection: close',
		'Content-Type: text/plain; charset=utf-8',
		`Content-Length: ${Buffer.byteLength(body)}`,
	];
	for (const [name, value] of Object.entries(trace)) {
		lines.push(`${name}: ${String(value)}`);
	}

	socket.once('finish', () => socket.destroy());
	socket.end(lines.join('\r\n') + '\r\n\r\n' + body);
}

/**
 * `/v2/websocket` and `/.api/gateway/websocket`: text `ping` → `pong` (after pingDelayMs), anything else →
 * `unknown`; a failRate draw turns a `pong` into an error text. Faults: `ws` ones per ping message, `slow-headers`
 * on the handshake.
 */
export function createWebSocketRoutes(context: MockContext, stats: MockStats): WebSocketRoutes {
	const wss = new WebSocketServer({noServer: true, maxPayload: 1024 * 1024});
	wss.on('headers', (headers) => {
		for (const [name, value] of Object.entries(context.reply().headers)) {
			headers.push(`${name}: ${String(value)}`);
		}
	});

	const serve = (ws: WebSocket): void => {
		const timers = new Set<NodeJS.Timeout>();
		ws.on('message', (data: RawData, isBinary: boolean) => {
			stats.wsMessages++;
			let reply: string | Buffer = 'unknown';
			let delay = context.options.pingDelayMs;
			if (!isBinary && Buffer.isBuffer(data) && data.equals(ping)) {
				const failed = context.shouldFail();
				const fault = failed ? undefined : context.fault('ws');
				if (fault === 'ws-close' || fault === 'reset') {
					if (fault === 'reset') {
						ws.terminate();
					} else {
						ws.close(1011, 'gatebench mock fault');
					}

					return;
				}

				reply = failed
					? '{"error":"injected failure (gatebench mock failRate)"}'
					: fault === 'wrong-pong'
						? 'ping!'
						: fault === 'huge-body'
							? hugeBuffer(context.options.hugeBodyBytes)
							: 'pong';
				delay = fault === 'stall' ? context.options.stallMs : delay;
			}

			if (delay <= 0) {
				ws.send(reply, {binary: false});
				return;
			}

			const timer = setTimeout(() => {
				timers.delete(timer);
				if (ws.readyState === ws.OPEN) {
					ws.send(reply, {binary: false});
				}
			}, delay);
			timers.add(timer);
		});
		ws.on('error', () => undefined);
		ws.once('close', () => {
			for (const timer of timers) {
				clearTimeout(timer);
			}

			timers.clear();
		});
	};

	const held = new Map<Duplex, NodeJS.Timeout>();
	return {
		upgrade(request, socket, head) {
			socket.on('error', () => undefined);
			if (!context.authorized(request)) {
				rejectUpgrade(socket, 401, context.reply().headers, '{"error":"unauthorized"}\n');
				return;
			}

			if (context.fault('upgrade') !== 'slow-headers') {
				wss.handleUpgrade(request, socket, head, serve);
				return;
			}

			// slow-headers: hold the 101 back for stallMs.
			held.set(
				socket,
				setTimeout(() => {
					held.delete(socket);
					if (!socket.destroyed) {
						wss.handleUpgrade(request, socket, head, serve);
					}
				}, context.options.stallMs),
			);
			socket.once('close', () => {
				clearTimeout(held.get(socket));
				held.delete(socket);
			});
		},
		close() {
			for (const [socket, timer] of held) {
				clearTimeout(timer);
				socket.destroy();
			}

			held.clear();
			for (const ws of wss.clients) {
				ws.terminate();
			}

			wss.close();
		},
	};
}
