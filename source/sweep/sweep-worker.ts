import {parentPort, workerData} from 'node:worker_threads';
import {startSweep} from './search.js';
import type {SweepThreadData, SweepThreadMessage} from './sweep-thread.js';

/**
 * The console's measuring thread for a capacity search (see sweep-thread.ts): the whole search
 * runs here; its progress (finished steps, the current step's figures a few times a second) and
 * the result cross to the console.
 */
const post = (message: SweepThreadMessage) => parentPort?.postMessage(message);
const sweep = startSweep(workerData as SweepThreadData);
// Finished steps (histograms and all) cross once; the current step's figures each time they change.
let posted = 0;
sweep.subscribe(() => {
	const {steps, ...rest} = sweep.progress();
	post({type: 'progress', ...rest, newSteps: steps.slice(posted)});
	posted = steps.length;
});
parentPort?.on('message', (message: unknown) => {
	if (message === 'stop') sweep.stop();
});
sweep.done.then(
	(result) => post({type: 'done', result}),
	(error: unknown) => post({type: 'failed', message: error instanceof Error ? error.message : String(error)}),
);
