import {parentPort, workerData} from 'node:worker_threads';
import {nowNs} from '../engine/clock.js';
import type {Sample} from '../engine/endpoint.js';
import type {RunEvent} from '../engine/events.js';
import {startRun} from '../engine/run.js';
import {loadOf} from '../plan/run-plan.js';
import type {EngineThreadData, EngineThreadMessage, ToEngineThread} from './engine-threads.js';
import {buildRunEndpoints} from './run-endpoints.js';

/**
 * One of several measuring threads (`--workers`, see engine-threads.ts): the engine on its part of
 * the load. Samples go to the coordinator in batches, each with the instant up to which this
 * thread has sent everything it completed, so the coordinator can merge them in completion order.
 */
const {specs, plan, share} = workerData as EngineThreadData;
const post = (message: EngineThreadMessage) => parentPort?.postMessage(message);
const endpoints = await buildRunEndpoints(specs, plan);
const waiting = new Map<number, (originNs: bigint) => void>();
// Waiting for every thread to finish an endpoint. The coordinator says so only after this thread's own
// endpoint-done, posted in the same turn as the wait begins, so the wait is always set up first.
const settling = new Map<number, () => void>();
const run = startRun(endpoints, loadOf(plan), {
	probe: plan.probe,
	interleave: plan.interleave,
	share,
	together: (endpoint) =>
		new Promise((resolve) => {
			waiting.set(endpoint, resolve);
			post({type: 'ready', endpoint});
		}),
	settled: async (endpoint) =>
		new Promise((resolve) => {
			settling.set(endpoint, resolve);
		}),
});

/** Often enough that the console's view lags by no more than a frame; rarely enough to cost nothing. */
const batchMs = 20;
let samples: Sample[] = [];
const flush = () => {
	post({type: 'samples', samples, upToNs: nowNs()});
	samples = [];
};

const batching = setInterval(flush, batchMs);
run.subscribe((event: RunEvent) => {
	if (event.type === 'sample') samples.push(event.sample);
	else if (event.type === 'load' || event.type === 'endpoint-start') return;
	else {
		// Everything completed before an endpoint ends (or the run does) reaches the coordinator first.
		if (event.type === 'endpoint-done' || event.type === 'run-end') flush();
		post({type: 'event', event});
	}
});
parentPort?.on('message', (message: ToEngineThread) => {
	if (message === 'stop') {
		run.stop();
		for (const resolve of waiting.values()) resolve(nowNs());
		waiting.clear();
		for (const resolve of settling.values()) resolve();
		settling.clear();
	} else if ('settled' in message) {
		settling.get(message.settled)?.();
		settling.delete(message.settled);
	} else if ('go' in message) {
		waiting.get(message.go)?.(message.originNs);
		waiting.delete(message.go);
	} else run.follow(message.follow);
});
const result = await run.done;
clearInterval(batching);
post({type: 'done', result});
