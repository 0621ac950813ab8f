import type {HttpClientName} from '../plan/run-plan.js';
import type {HttpTransport, TransportOptions} from './http-types.js';
import {createRawTransport} from './raw.js';
import {createUndiciTransport} from './undici.js';

type Factory = (options: TransportOptions) => HttpTransport;
let gotFactory: Factory | undefined;

/**
 * Loads the chosen client before the run: got is imported only when asked for (it costs
 * ~70 ms of start-up), and never during a measured request.
 */
export async function prepareTransport(client: HttpClientName): Promise<void> {
	if (client === 'got') gotFactory ??= (await import('./got.js')).createGotTransport;
}

export function createTransport(client: HttpClientName, options: TransportOptions): HttpTransport {
	if (client === 'raw') return createRawTransport(options);
	if (client === 'undici') return createUndiciTransport(options);
	if (!gotFactory) throw new Error('prepareTransport("got") must run before got transports are made');
	return gotFactory(options);
}
