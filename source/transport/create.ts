import type {HttpClientName} from '../plan/run-plan.js';
import type {HttpTransport, TransportOptions} from './http-types.js';
import {createRawTransport} from './raw.js';

type Factory = (options: TransportOptions) => HttpTransport;
let gotFactory: Factory | undefined;
let undiciFactory: Factory | undefined;

/**
 * Loads the chosen client before the run: got and undici are imported only when asked for (they
 * cost ~70 and ~90 ms of start-up in every thread that measures), and never during a measured request.
 */
export async function prepareTransport(client: HttpClientName): Promise<void> {
	if (client === 'got') gotFactory ??= (await import('./got.js')).createGotTransport;
	if (client === 'undici') undiciFactory ??= (await import('./undici.js')).createUndiciTransport;
}

export function createTransport(client: HttpClientName, options: TransportOptions): HttpTransport {
	if (client === 'raw') return createRawTransport(options);
	const factory = client === 'undici' ? undiciFactory : gotFactory;
	if (!factory) throw new Error(`prepareTransport("${client}") must run before ${client} transports are made`);
	return factory(options);
}
