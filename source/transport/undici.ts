import {Pool} from 'undici';
import type {HttpRequest, HttpResponse, HttpTransport, TransportOptions} from './types.js';
import {ResponseHandler} from './undici-handler.js';

/** The default: an undici Pool adds ~0.1 ms where got adds milliseconds of client-side queueing. */
export function createUndiciTransport({origin, connections}: TransportOptions): HttpTransport {
	const pool = new Pool(origin, {connections, pipelining: 1, keepAliveTimeout: 60_000, headersTimeout: 0, bodyTimeout: 0});
	return {
		name: 'undici',
		request({method, path, headers, body, signal}: HttpRequest): Promise<HttpResponse> {
			return new Promise((resolve, reject) => {
				pool.dispatch({method, path, headers, body}, new ResponseHandler(signal, resolve, reject));
			});
		},
		async close() {
			await pool.destroy();
		},
	};
}
