import {completePlan, type PlanDraft} from '../../source/plan/draft.js';
import {plannedRequests} from '../../source/engine/load-models.js';
import {startRun} from '../../source/engine/run.js';
import type {RunListener} from '../../source/engine/events.js';
import {loadOf} from '../../source/plan/run-plan.js';
import {endpointSpecs} from '../../source/plan/pipelines.js';
import type {RunPlan} from '../../source/plan/run-plan.js';
import {RunStore, type Snapshot} from '../../source/stats/run-store.js';
import {buildEndpoint, loadWebSocketSupport} from '../../source/targets/build.js';
import {prepareTransport} from '../../source/transport/create.js';
import type {Sample} from '../../source/engine/endpoint.js';

export const basePlan = (overrides: Partial<PlanDraft> = {}): RunPlan =>
	completePlan({
		maxTokens: 64,
		httpClient: 'raw',
		timeouts: {completions: 10_000, ping: 5_000},
		requests: 20,
		concurrency: 2,
		arrival: 'constant',
		warmup: 0,
		thresholds: [],
		direct: [],
		headers: {},
		interleave: false,
		tls: {insecure: false},
		...overrides,
	});

/** Runs a plan's endpoints against `url` (both targets) and returns every Sample and the final snapshot. */
export async function runAgainst(
	url: string,
	plan: RunPlan,
	{onEvent}: {onEvent?: RunListener} = {},
): Promise<{samples: Sample[]; snapshot: Snapshot; names: string[]}> {
	const config = {url, token: 'sgp_test'};
	const specs = endpointSpecs(plan, {gateway: plan.gateway ? config : {url}, sourcegraph: config});
	await prepareTransport(plan.httpClient);
	await loadWebSocketSupport(specs, plan);
	const endpoints = specs.map((spec) => buildEndpoint(spec, plan));
	const load = loadOf(plan);
	const store = new RunStore({requests: plannedRequests(load), durationMs: load.durationMs});
	const samples: Sample[] = [];
	const run = startRun(endpoints, load, {probe: plan.probe, interleave: plan.interleave});
	run.subscribe(store.handle);
	run.subscribe((event) => {
		if (event.type === 'sample') samples.push(event.sample);
	});
	if (onEvent) run.subscribe(onEvent);
	await run.done;
	store.flush();
	return {samples, snapshot: store.getSnapshot(), names: specs.map((spec) => spec.name)};
}
