import WebSocket from 'ws';
import {elapsedUs, nowNs} from '../engine/clock.js';
import {classifyError, errorMessage} from '../engine/errors.js';
import {startDeadline} from './deadline.js';
import {sanitize} from './sanitize.js';
import {traceIdOf} from './trace.js';
import type {Endpoint, EndpointInfo, EndpointWorker, Measurement} from './types.js';

export type WsPingOptions = {
	readonly info: EndpointInfo;
	/** ws:// or wss:// URL. */
	readonly url: string;
	readonly headers: Readonly<Record<string, string>>;
	readonly timeoutMs: number;
};

/**
 * WebSocket ping/pong: one kept connection per worker. Only `ping` out and one message back
 * are timed, never the connect; after any failure the worker reconnects before its next request.
 */
export function createWsPingEndpoint(options: WsPingOptions): Endpoint {
	return {
		info: options.info,
		createWorker: () => createWorker(options),
		close: async () => {},
	};
}

/** A ping's reply is four bytes; anything past this is a fault, and is not buffered. */
const wsReplyCap = 64 * 1024;

type Waiter = {resolve: (text: string) => void; reject: (error: Error) => void};

function createWorker({url, headers, timeoutMs}: WsPingOptions): EndpointWorker {
	let socket: WebSocket | undefined;
	let traceId: string | undefined;
	let waiter: Waiter | undefined;

	const drop = () => {
		socket?.removeAllListeners();
		socket?.on('error', () => {});
		socket?.terminate();
		socket = undefined;
	};

	const connect = (signal: AbortSignal) =>
		new Promise<WebSocket>((resolve, reject) => {
			const next = new WebSocket(url, {headers: {...headers}, perMessageDeflate: false, followRedirects: false, signal, maxPayload: wsReplyCap});
			next.once('upgrade', (response) => {
				traceId = traceIdOf(response.headers);
			});
			next.once('open', () => resolve(next));
			next.on('error', (error) => {
				const current = waiter;
				waiter = undefined;
				current?.reject(error);
				reject(error);
			});
			next.on('message', (data: WebSocket.RawData) => {
				const current = waiter;
				waiter = undefined;
				current?.resolve(data.toString());
			});
			next.on('close', () => {
				const current = waiter;
				waiter = undefined;
				current?.reject(Object.assign(new Error('WebSocket closed'), {code: 'WS_CLOSED'}));
				if (socket === next) socket = undefined;
			});
		});

	async function execute(runSignal: AbortSignal): Promise<Measurement> {
		const deadline = startDeadline(runSignal, timeoutMs);
		let startedNs = nowNs();
		try {
			if (socket?.readyState !== WebSocket.OPEN) {
				drop();
				socket = await connect(deadline.signal);
				startedNs = nowNs();
			}

			const open = socket;
			const reply = new Promise<string>((resolve, reject) => {
				waiter = {resolve, reject};
				deadline.signal.addEventListener('abort', () => reject(new Error('aborted')), {once: true});
			});
			open.send('ping');
			const text = await reply;
			const durationUs = elapsedUs(startedNs);
			if (text === 'pong') return {startedNs, durationUs, outcome: 'ok', traceId, bytes: text.length};
			drop();
			return {startedNs, durationUs, outcome: 'bad_body', traceId, bytes: text.length, error: `expected "pong", got ${JSON.stringify(sanitize(text, 40))}`};
		} catch (error) {
			const durationUs = elapsedUs(startedNs);
			drop();
			const kind = deadline.abortKind() ?? ((error as {code?: string}).code === 'WS_CLOSED' ? 'ws_closed' : classifyError(error));
			return {startedNs, durationUs, outcome: kind, traceId, bytes: 0, error: errorMessage(error)};
		} finally {
			waiter = undefined;
			deadline.clear();
		}
	}

	return {execute, close: drop};
}
