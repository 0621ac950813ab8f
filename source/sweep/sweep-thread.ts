import {startWorker} from '../engine/start-worker.js';
import type {SweepOptions, SweepProgress, SweepResult, SweepRun} from './sweep-types.js';

/** What the search's thread is started with (no callbacks: they cannot cross). */
export type SweepThreadData = Omit<SweepOptions, 'onStep'>;

export type SweepThreadMessage =
	| ({readonly type: 'progress'; readonly newSteps: SweepProgress['steps']} & Omit<SweepProgress, 'steps'>)
	| {readonly type: 'done'; readonly result: SweepResult}
	| {readonly type: 'failed'; readonly message: string};

/**
 * A capacity search for the console, measured in a worker thread as the console's runs are
 * (drawing a frame must not delay the replies being timed).
 */
export function startSweepThread(data: SweepThreadData): SweepRun {
	const worker = startWorker('sweep-worker', import.meta.url, {workerData: data});
	let progress: SweepProgress = {endpoints: [], steps: [], answers: [], current: undefined};
	const listeners = new Set<() => void>();
	const done = new Promise<SweepResult>((resolve, reject) => {
		worker.on('message', (message: SweepThreadMessage) => {
			if (message.type === 'progress') {
				const {type: _type, newSteps, ...rest} = message;
				progress = {...rest, steps: newSteps.length > 0 ? [...progress.steps, ...newSteps] : progress.steps};
				for (const listener of listeners) listener();
				return;
			}

			if (message.type === 'done') resolve(message.result);
			else reject(new Error(message.message));
			void worker.terminate();
		});
		worker.once('error', reject);
		worker.once('exit', (code) => reject(new Error(`the measuring thread stopped (exit ${code})`)));
	});
	return {
		stop: () => worker.postMessage('stop'),
		done,
		subscribe: (listener) => {
			listeners.add(listener);
			return () => listeners.delete(listener);
		},
		progress: () => progress,
	};
}
