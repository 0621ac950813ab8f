import type {Invocation} from '../cli/validate.js';

/**
 * The interactive console (see console.tsx). React is loaded only from here, after choosing its
 * production build: the development build checks every render, which costs milliseconds a frame
 * on the very thread that times the requests.
 */
export async function runConsole(invocation: Invocation): Promise<number> {
	process.env['NODE_ENV'] ??= 'production';
	const {runInk} = await import('./console.js');
	return runInk(invocation);
}
