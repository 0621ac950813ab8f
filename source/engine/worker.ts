import {parentPort, workerData} from 'node:worker_threads';
import type {RunEvent} from '../events.js';
import type {EndpointSpec} from '../pipelines.js';
import {loadOf, type RunPlan} from '../plan.js';
import {buildEndpoint} from '../targets/build.js';
import {prepareTransport} from '../transport/create.js';
import {startRun} from './run.js';

/** The engine in its own thread (see thread.ts): builds the endpoints, runs, posts events in batches. */
const {plan, specs} = workerData as {plan: RunPlan; specs: EndpointSpec[]};
await prepareTransport(plan.httpClient);
const run = startRun(
	specs.map((spec) => buildEndpoint(spec, plan)),
	loadOf(plan),
	{probe: plan.probe, interleave: plan.interleave},
);
let batch: RunEvent[] = [];
let timer: NodeJS.Timeout | undefined;
const flush = () => {
	if (timer) clearTimeout(timer);
	timer = undefined;
	if (batch.length === 0) return;
	parentPort?.postMessage({type: 'events', events: batch});
	batch = [];
};

run.subscribe((event) => {
	batch.push(event);
	// Samples travel in batches (a message per sample would cost more than the request);
	// lifecycle events go at once, after the samples before them.
	if (event.type !== 'sample' && event.type !== 'probe') flush();
	else if (batch.length >= 512) flush();
	else timer ??= setTimeout(flush, 20);
});
parentPort?.on('message', (message: unknown) => {
	if (message === 'stop') run.stop();
});
const result = await run.done;
flush();
parentPort?.postMessage({type: 'done', result});
