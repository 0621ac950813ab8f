import {parentPort, workerData} from 'node:worker_threads';
import {measureAndRecord} from './measure.js';
import {busyUtilization, SnapshotPacer} from './snapshot-pacer.js';
import type {SessionThreadData, SteerMessage, ThreadMessage} from './session-thread.js';

/**
 * The console's measuring thread (see thread.ts): the engine, the stats store and the
 * request CSV, so that Samples never cross threads. It posts a snapshot whenever the store
 * has a new one (at most once a frame), and the results at the end.
 */
const post = (message: ThreadMessage) => parentPort?.postMessage(message);
const {run, recorder, finish, saveNow} = await measureAndRecord(workerData as SessionThreadData);
const pacer = new SnapshotPacer(() => post({type: 'snapshot', snapshot: recorder.store.getSnapshot()}));
run.subscribe((event) => {
	if (event.type === 'client-load' && !event.final) pacer.busy = event.load.loopUtilization >= busyUtilization;
});
recorder.store.subscribe(() => pacer.offer(recorder.store.getSnapshot()));
parentPort?.on('message', (message: unknown) => {
	if (message === 'stop') run.stop();
	else if (message === 'save-now') post({type: 'saved', saved: saveNow()});
	else if (typeof message === 'object' && message !== null && 'steer' in message) run.steer((message as SteerMessage).steer);
});
post({type: 'ready'});
post({type: 'done', outcome: await finish()});
