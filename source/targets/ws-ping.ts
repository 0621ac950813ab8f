import WebSocket from 'ws';
import {elapsedUs, nowNs} from '../engine/clock.js';
import {classifyError, errorMessage, throughProxy} from '../engine/errors.js';
import {HttpProxyAgent, HttpsProxyAgent} from 'hpagent';
import type {TlsSettings} from '../plan/run-plan.js';
import {tlsOptions} from '../transport/tls-options.js';
import {RequestGuard} from './deadline.js';
import {sanitize} from '../engine/sanitize.js';
import {serverHeadersOf, traceIdOf} from './server-headers.js';
import type {Endpoint, EndpointInfo, EndpointWorker, Measurement} from '../engine/endpoint.js';

export type WsPingOptions = {
	readonly info: EndpointInfo;
	/** ws:// or wss:// URL. */
	readonly url: string;
	readonly headers: Readonly<Record<string, string>>;
	readonly timeoutMs: number;
	readonly tls?: TlsSettings;
	/** Through this proxy's CONNECT tunnel. */
	readonly proxy?: URL;
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

/** The ws library's refused upgrade, "Unexpected server response: 401", as `ws_http_401`. */
function refusedUpgrade(error: unknown): `ws_http_${number}` | undefined {
	const status = error instanceof Error ? /^Unexpected server response: (\d{3})/.exec(error.message)?.[1] : undefined;
	return status === undefined ? undefined : `ws_http_${Number(status)}`;
}

function createWorker({url, headers, timeoutMs, tls, proxy}: WsPingOptions): EndpointWorker {
	const certificates = tlsOptions(tls);
	const agent = proxy ? {agent: url.startsWith('wss:') ? new HttpsProxyAgent({proxy, ...certificates}) : new HttpProxyAgent({proxy})} : {};
	let socket: WebSocket | undefined;
	let traceId: string | undefined;
	let waiter: Waiter | undefined;

	const drop = () => {
		socket?.removeAllListeners();
		socket?.on('error', () => {});
		socket?.terminate();
		socket = undefined;
	};

	/** Rejects the connect in progress, if any (a timeout or the run's stop). */
	let cancelConnect: ((error: Error) => void) | undefined;
	const connect = () =>
		new Promise<WebSocket>((resolve, reject) => {
			cancelConnect = reject;
			const next = new WebSocket(url, {
				headers: {...headers},
				perMessageDeflate: false,
				followRedirects: false,
				maxPayload: wsReplyCap,
				...certificates,
				...agent,
			});
			socket = next;
			next.once('upgrade', (response) => {
				traceId = traceIdOf(serverHeadersOf(response.headers));
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

	const guard = new RequestGuard(timeoutMs);
	guard.onAbort = () => {
		const current = waiter;
		waiter = undefined;
		current?.reject(Object.assign(new Error('request cut short'), {code: 'ABORT_ERR'}));
		// A connect in progress is given up too.
		if (socket?.readyState === WebSocket.CONNECTING) {
			drop();
			cancelConnect?.(Object.assign(new Error('connect cut short'), {code: 'ABORT_ERR'}));
		}
	};

	async function execute(runSignal: AbortSignal): Promise<Measurement> {
		guard.begin(runSignal);
		let startedNs = nowNs();
		try {
			if (socket?.readyState !== WebSocket.OPEN) {
				drop();
				socket = await connect();
				cancelConnect = undefined;
				startedNs = nowNs();
			}

			const open = socket;
			const reply = new Promise<string>((resolve, reject) => {
				waiter = {resolve, reject};
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
			const failure = guard.end() ?? ((error as {code?: string}).code === 'WS_CLOSED' ? 'ws_closed' : (refusedUpgrade(error) ?? classifyError(error)));
			const kind = proxy && failure !== 'cancelled' ? throughProxy(failure) : failure;
			return {startedNs, durationUs, outcome: kind, traceId, bytes: 0, error: errorMessage(error)};
		} finally {
			waiter = undefined;
			guard.end();
		}
	}

	return {
		execute,
		close() {
			guard.close();
			drop();
		},
	};
}
