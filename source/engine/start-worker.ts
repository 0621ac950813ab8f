import {existsSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {Worker, type WorkerOptions} from 'node:worker_threads';

/**
 * A worker thread running the module `name` beside `base` (the caller's import.meta.url): the built
 * `name.js`, or, from the TypeScript sources (tests, development), `name.ts` loaded through tsx (a
 * development dependency), so tests run the same threads the binary does.
 */
export function startWorker(name: string, base: string, options: WorkerOptions): Worker {
	const built = new URL(`${name}.js`, base);
	if (existsSync(fileURLToPath(built))) return new Worker(built, options);
	const loader = import.meta.resolve('tsx/esm/api');
	const entry = `import {register} from ${JSON.stringify(loader)}; register(); await import(${JSON.stringify(new URL(`${name}.ts`, base).href)});`;
	return new Worker(new URL(`data:text/javascript,${encodeURIComponent(entry)}`), options);
}
