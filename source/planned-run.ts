import {type RunHandle, startRun} from './engine/run.js';
import type {RunListener} from './events.js';
import type {EndpointSpec} from './pipelines.js';
import {loadOf, type RunPlan} from './plan.js';
import {buildEndpoint} from './targets/build.js';
import {prepareTransport} from './transport/create.js';

/**
 * Builds a plan's endpoints and starts the engine on them, in-process and in the console's
 * measuring thread alike. `listener` is subscribed before the first event can be emitted.
 */
export async function startPlannedRun(specs: readonly EndpointSpec[], plan: RunPlan, listener: RunListener): Promise<RunHandle> {
	await prepareTransport(plan.httpClient);
	const run = startRun(
		specs.map((spec) => buildEndpoint(spec, plan)),
		loadOf(plan),
		{probe: plan.probe, interleave: plan.interleave},
	);
	run.subscribe(listener);
	return run;
}
