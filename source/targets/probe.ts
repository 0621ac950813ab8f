import type {EndpointSpec} from '../pipelines.js';
import type {RunPlan} from '../plan.js';
import type {Endpoint} from './types.js';

/** The ping endpoint on the same target as a completions endpoint: its network floor. */
export function probeSpec(spec: EndpointSpec, kind: 'http' | 'websocket'): EndpointSpec {
	return {...spec, name: `${spec.name} probe`, kind, pipeline: kind === 'websocket' ? 'websocket' : 'http', provider: null, stream: null};
}

export const withProbe = (endpoint: Endpoint, probe: Endpoint | undefined): Endpoint => (probe ? {...endpoint, probe} : endpoint);

export const wantsProbe = (spec: EndpointSpec, plan: RunPlan): plan is RunPlan & {probe: NonNullable<RunPlan['probe']>} =>
	spec.kind === 'completions' && plan.probe !== undefined;
