import {parentPort, workerData} from 'node:worker_threads';
import {startPlannedRun} from './planned-run.js';
import {Recorder} from './recorder.js';
import {busyUtilization, SnapshotPacer} from './snapshot-pacer.js';
import type {SessionThreadData, ThreadMessage} from './session-thread.js';

/**
 * The console's measuring thread (see session-thread.ts): the engine, the stats store and the
 * request CSV, so that Samples never cross threads. It posts a snapshot whenever the store
 * has a new one (at most once a frame), and the results at the end.
 */
const {plan, specs, outputs, mock, snapshotIntervalMs} = workerData as SessionThreadData;
const post = (message: ThreadMessage) => parentPort?.postMessage(message);
const recorder = new Recorder({plan, outputs, mock, snapshotIntervalMs});
const run = await startPlannedRun(specs, plan, recorder.handle);
const pacer = new SnapshotPacer(() => post({type: 'snapshot', snapshot: recorder.store.getSnapshot()}));
run.subscribe((event) => {
	if (event.type === 'client-load' && !event.final) pacer.busy = event.load.loopUtilization >= busyUtilization;
});
recorder.store.subscribe(() => pacer.offer(recorder.store.getSnapshot()));
parentPort?.on('message', (message: unknown) => {
	if (message === 'stop') run.stop();
	else if (message === 'save-now') post({type: 'saved', saved: recorder.save({interrupted: true, finishedAt: new Date()})});
});
post({type: 'ready'});
const result = await run.done;
post({type: 'done', outcome: {run: result, ...recorder.save(result), comparison: recorder.comparison()}});
