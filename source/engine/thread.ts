import {existsSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {Worker} from 'node:worker_threads';
import type {RunEvent, RunListener} from '../events.js';
import type {EndpointSpec} from '../pipelines.js';
import type {RunPlan} from '../plan.js';
import type {RunHandle, RunResult} from './run.js';

type WorkerMessage = {type: 'events'; events: RunEvent[]} | {type: 'done'; result: RunResult};

/**
 * Runs the engine in a worker thread, for the console: drawing a frame blocks the main
 * thread for milliseconds, and replies arriving meanwhile would be time-stamped late.
 * Timing happens in the worker; the main thread only records and draws. Returns undefined
 * when there is no built worker (TypeScript sources under test), so the caller runs in-process.
 */
export function startRunThread(specs: readonly EndpointSpec[], plan: RunPlan): RunHandle | undefined {
	const script = new URL('worker.js', import.meta.url);
	if (!existsSync(fileURLToPath(script))) return undefined;
	const worker = new Worker(script, {workerData: {plan, specs}});
	const listeners = new Set<RunListener>();
	const done = new Promise<RunResult>((resolve, reject) => {
		worker.on('message', (message: WorkerMessage) => {
			if (message.type === 'done') {
				resolve(message.result);
				void worker.terminate();
				return;
			}

			for (const event of message.events) for (const listener of listeners) listener(event);
		});
		worker.once('error', reject);
	});
	return {
		subscribe(listener) {
			listeners.add(listener);
			return () => listeners.delete(listener);
		},
		stop: () => worker.postMessage('stop'),
		done,
	};
}
