import {Agent as HttpAgent} from 'node:http';
import {Agent as HttpsAgent} from 'node:https';
import got, {type Response} from 'got';
import type {ConnectionTiming} from '../engine/endpoint.js';
import {HttpProxyAgent, HttpsProxyAgent} from 'hpagent';
import {consumeBody} from './consume-body.js';
import {tlsOptions} from './tls-options.js';
import {type HttpRequest, type HttpResponse, type HttpTransport, maxHeaderBytes, type TransportOptions} from './http-types.js';

/** got's phases (ms, from @szmarczak/http-timer) as gatebench's connection timing (µs). */
function connectionOf(reused: boolean, timings: Response['timings'] | undefined): ConnectionTiming | undefined {
	if (reused) return {reused: true};
	if (!timings) return undefined;
	const us = (ms: number | undefined) => (ms === undefined ? undefined : Math.round(ms * 1000));
	return {reused: false, dnsUs: us(timings.phases.dns), connectUs: us(timings.phases.tcp), tlsUs: us(timings.phases.tls)};
}

/** got, as the product's owner named it: fine at low concurrency, slower under load. */
export function createGotTransport({origin, connections, tls, proxy}: TransportOptions): HttpTransport {
	const certificates = tlsOptions(tls);
	const agents = (keepAlive: boolean, maxSockets?: number) =>
		proxy
			? {
					http: new HttpProxyAgent({keepAlive, maxSockets, proxy}),
					https: new HttpsProxyAgent({keepAlive, maxSockets, proxy, ...certificates}),
				}
			: {http: new HttpAgent({keepAlive, maxSockets}), https: new HttpsAgent({keepAlive, maxSockets, ...certificates})};
	const agent = agents(true, connections);
	const client = got.extend({
		prefixUrl: '',
		agent,
		throwHttpErrors: false,
		followRedirect: false,
		decompress: false,
		retry: {limit: 0},
		maxHeaderSize: maxHeaderBytes,
	});
	const send = ({method, path, headers, body, signal}: HttpRequest, fresh: boolean): Promise<HttpResponse & {reused: boolean}> => {
		// A second attempt goes on a connection of its own, not on another pooled one the server may have closed too.
		const options = fresh ? {agent: agents(false)} : {};
		const stream = client.stream(new URL(path, origin), {method, headers: {...headers}, body, signal, ...options});
		let reused = false;
		stream.once('request', (request: {reusedSocket: boolean}) => {
			reused = request.reusedSocket;
		});
		return new Promise((resolve, reject) => {
			stream.once('response', (response: {statusCode: number; headers: HttpResponse['headers']; timings?: Response['timings']}) => {
				stream.off('error', fail);
				const consume = (cap: number, onChunk: (chunk: Buffer) => void) => consumeBody(stream, cap, onChunk);
				resolve({status: response.statusCode, headers: response.headers, consume, reused, connection: connectionOf(reused, response.timings)});
			});
			const fail = (error: unknown) => reject(Object.assign(error as object, {reusedSocket: reused}));
			stream.once('error', fail);
		});
	};

	return {
		name: 'got',
		async request(request: HttpRequest): Promise<HttpResponse> {
			try {
				return await send(request, false);
			} catch (error) {
				// Node's rule for its own agent: a reused socket reset before any reply was closed by the server as the request went out.
				const {reusedSocket, code} = error as {reusedSocket?: boolean; code?: unknown};
				if (!reusedSocket || request.signal.aborted || (code !== 'ECONNRESET' && code !== 'EPIPE')) throw error;
				request.onRetry?.();
				return send(request, true);
			}
		},
		async close() {
			agent.http.destroy();
			agent.https.destroy();
		},
	};
}
