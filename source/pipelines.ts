import type {PipelineChoice, RunPlan, TargetConfig} from './plan.js';
import type {PipelineName, Provider, TargetName} from './targets/types.js';

export type EndpointKind = 'completions' | 'websocket' | 'http' | 'http-then-websocket';

/** One endpoint to benchmark, as data: which target, which kind, where. */
export type EndpointSpec = {
	readonly name: string;
	readonly kind: EndpointKind;
	readonly pipeline: PipelineName;
	readonly target: TargetName;
	readonly provider: Provider | null;
	readonly stream: boolean | null;
	readonly config: TargetConfig;
};

export const pipelineDescriptions: Readonly<Record<PipelineChoice, string>> = {
	completions: 'LLM completions over HTTP, JSON or streamed SSE (TTFT, tokens)',
	websocket: 'WebSocket ping/pong round trips on one kept connection per worker',
	http: 'HTTP ping/pong test endpoints (POST ping, expect pong)',
	all: 'every endpoint above, one after another',
};

function completionsName(provider: Provider, stream: boolean, target: TargetName): string {
	return `${provider}${stream ? ' stream' : ''}: ${target}`;
}

/**
 * The endpoints a plan covers, in the original's order: WebSocket and HTTP per target
 * (the `benchmark` command), then completions per target (`benchmark-stream`).
 */
export function endpointSpecs(plan: RunPlan, targets: {gateway?: TargetConfig; sourcegraph?: TargetConfig}): EndpointSpec[] {
	const wants = (pipeline: PipelineName) => plan.pipeline === 'all' || plan.pipeline === pipeline;
	const specs: EndpointSpec[] = [];
	const ping = (name: string, kind: EndpointKind, target: TargetName, config: TargetConfig) =>
		specs.push({name, kind, pipeline: kind === 'websocket' ? 'websocket' : 'http', target, provider: null, stream: null, config});
	const {gateway, sourcegraph} = targets;
	if (gateway && wants('websocket')) ping('ws(s): gateway', 'websocket', 'gateway', gateway);
	if (gateway && wants('http')) ping('http(s): gateway', 'http', 'gateway', gateway);
	if (sourcegraph && wants('websocket')) ping('ws(s): sourcegraph', 'websocket', 'sourcegraph', sourcegraph);
	if (sourcegraph && wants('http')) {
		ping('http(s): sourcegraph', 'http', 'sourcegraph', sourcegraph);
		ping('http-then-ws(s): sourcegraph', 'http-then-websocket', 'sourcegraph', sourcegraph);
	}

	if (wants('completions')) {
		for (const [target, config] of [
			['gateway', gateway],
			['sourcegraph', sourcegraph],
		] as const) {
			if (!config) continue;
			specs.push({
				name: completionsName(plan.provider, plan.stream, target),
				kind: 'completions',
				pipeline: 'completions',
				target,
				provider: plan.provider,
				stream: plan.stream,
				config,
			});
		}
	}

	return specs;
}
