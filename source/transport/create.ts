import {createGotTransport} from './got.js';
import type {HttpClientName, HttpTransport, TransportOptions} from './types.js';
import {createUndiciTransport} from './undici.js';

export function createTransport(client: HttpClientName, options: TransportOptions): HttpTransport {
	return client === 'got' ? createGotTransport(options) : createUndiciTransport(options);
}
