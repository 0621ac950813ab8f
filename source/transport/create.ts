import type {HttpClientName} from '../plan/run-plan.js';
import type {HttpTransport, TransportOptions} from './http-types.js';
import {createRawTransport} from './raw.js';

type Factory = (options: TransportOptions) => HttpTransport;
let gotFactory: Factory | undefined;
let undiciFactory: Factory | undefined;
let http2Factory: Factory | undefined;

/**
 * Loads the chosen client before the run: got and undici are imported only when asked for (they
 * cost ~70 and ~90 ms of start-up in every thread that measures), and never during a measured request.
 */
export async function prepareTransport(client: HttpClientName, http2 = false): Promise<void> {
	if (client === 'raw' && http2) http2Factory ??= (await import('./h2.js')).createH2Transport;
	if (client === 'got') gotFactory ??= (await import('./got.js')).createGotTransport;
	if (client === 'undici') undiciFactory ??= (await import('./undici.js')).createUndiciTransport;
}

export function createTransport(client: HttpClientName, options: TransportOptions): HttpTransport {
	if (client === 'raw' && !options.http2) return createRawTransport(options);
	// The default client's HTTP/2 is Node's own (nghttp2); undici speaks it itself; got does not (checked before the run).
	const factory = client === 'undici' ? undiciFactory : client === 'got' ? gotFactory : http2Factory;
	if (!factory) throw new Error(`prepareTransport("${client}"${options.http2 ? ', true' : ''}) must run before ${client} transports are made`);
	return factory(options);
}
