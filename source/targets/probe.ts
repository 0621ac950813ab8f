import type {EndpointSpec} from '../plan/pipelines.js';
import type {RunPlan} from '../plan/run-plan.js';
import type {Endpoint} from '../engine/endpoint.js';

/** The ping endpoint on the same target as a completions endpoint: its network floor. */
export function probeSpec(spec: EndpointSpec, kind: 'http' | 'websocket'): EndpointSpec {
	return {...spec, name: `${spec.name} probe`, kind, pipeline: kind === 'websocket' ? 'websocket' : 'http', provider: null, stream: null};
}

export const withProbe = (endpoint: Endpoint, probe: Endpoint | undefined): Endpoint => (probe ? {...endpoint, probe} : endpoint);

export const wantsProbe = (spec: EndpointSpec, plan: RunPlan): plan is RunPlan & {probe: NonNullable<RunPlan['probe']>} =>
	spec.kind === 'completions' && plan.probe !== undefined;
