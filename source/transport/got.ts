import {Agent as HttpAgent} from 'node:http';
import {Agent as HttpsAgent} from 'node:https';
import got from 'got';
import {consumeBody} from './consume-body.js';
import type {HttpRequest, HttpResponse, HttpTransport, TransportOptions} from './types.js';

/** got, as the product's owner named it: fine at low concurrency, slower under load. */
export function createGotTransport({origin, connections}: TransportOptions): HttpTransport {
	const agent = {
		http: new HttpAgent({keepAlive: true, maxSockets: connections}),
		https: new HttpsAgent({keepAlive: true, maxSockets: connections}),
	};
	const client = got.extend({
		prefixUrl: '',
		agent,
		throwHttpErrors: false,
		followRedirect: false,
		decompress: false,
		retry: {limit: 0},
	});
	return {
		name: 'got',
		async request({method, path, headers, body, signal}: HttpRequest): Promise<HttpResponse> {
			const stream = client.stream(new URL(path, origin), {method, headers: {...headers}, body, signal});
			return new Promise<HttpResponse>((resolve, reject) => {
				stream.once('response', (response: {statusCode: number; headers: HttpResponse['headers']}) => {
					stream.off('error', reject);
					resolve({status: response.statusCode, headers: response.headers, consume: (cap, onChunk) => consumeBody(stream, cap, onChunk)});
				});
				stream.once('error', reject);
			});
		},
		async close() {
			agent.http.destroy();
			agent.https.destroy();
		},
	};
}
