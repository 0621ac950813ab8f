import type {RunPlan} from './run-plan.js';
import {isDirect, mockDirectUrl} from './providers.js';
import type {PipelineName, Provider, TargetName} from './names.js';
import {type EndpointKind, type EndpointSpec, mockUrl, type PipelineChoice, type TargetConfig} from './endpoint-spec.js';

export type {CompletionOverrides, EndpointKind, EndpointSpec} from './endpoint-spec.js';
export {mockUrl} from './endpoint-spec.js';

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
 * Every endpoint a plan covers, ready to build: a comparison file's list, or the pipelines'
 * endpoints followed by direct ones; "mock" URLs point at the running mock, flags' overrides
 * and headers applied, and each completions endpoint's stream mode settled.
 */
export function endpointSpecs(plan: RunPlan, targets: {gateway?: TargetConfig; sourcegraph?: TargetConfig}, mock?: string): EndpointSpec[] {
	const listed = plan.endpoints ?? [...(targets.gateway || targets.sourcegraph ? pipelineSpecs(plan, targets) : []), ...plan.direct];
	return listed.map((spec) => settle(spec, plan, mock));
}

function settle(spec: EndpointSpec, plan: RunPlan, mock: string | undefined): EndpointSpec {
	const onMock = spec.config.url === mockUrl && mock !== undefined;
	const url = onMock ? (isDirect(spec.target) ? mockDirectUrl(spec.target, mock) : mock) : spec.config.url;
	const completions = spec.kind === 'completions';
	return {
		...spec,
		config: {...spec.config, url, ...(onMock ? {builtInMock: true} : {})},
		stream: completions ? (spec.stream ?? plan.stream) : null,
		overrides: completions && (plan.overrides || spec.overrides) ? {...plan.overrides, ...spec.overrides} : spec.overrides,
		headers: {...plan.headers, ...spec.headers},
	};
}

/**
 * The pipelines' endpoints in the original's order: WebSocket and HTTP per target
 * (the `benchmark` command), then completions per target (`benchmark-stream`).
 */
function pipelineSpecs(plan: RunPlan, targets: {gateway?: TargetConfig; sourcegraph?: TargetConfig}): EndpointSpec[] {
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
