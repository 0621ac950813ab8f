import type {PipelineChoice, RunPlan, TargetConfig} from './run-plan.js';
import {isDirect, mockDirectUrl, type OpenAiApi} from './providers.js';
import type {EndpointTarget, PipelineName, Provider, ProviderFormat, TargetName} from './names.js';

export type EndpointKind = 'completions' | 'websocket' | 'http' | 'http-then-websocket';

/** What a user may change in a completions request (flags, or a comparison file's entry). */
export type CompletionOverrides = {
	readonly model?: string;
	readonly prompt?: string;
	readonly maxTokens?: number;
	readonly temperature?: number;
	/** Chat or legacy completions, for OpenAI-style APIs. */
	readonly api?: OpenAiApi;
	/** Shallow overrides of the JSON body, applied last. */
	readonly body?: Readonly<Record<string, unknown>>;
};

/** The built-in mock gateway, as a URL in plans and comparison files until it has a port. */
export const mockUrl = 'mock';

/** One endpoint to benchmark, as data: which target, which kind, where. */
export type EndpointSpec = {
	readonly name: string;
	readonly kind: EndpointKind;
	readonly pipeline: PipelineName;
	readonly target: EndpointTarget;
	readonly provider: ProviderFormat | null;
	readonly stream: boolean | null;
	readonly config: TargetConfig;
	readonly overrides?: CompletionOverrides;
	/** Extra request headers (`-H`), sent on every request of this endpoint. */
	readonly headers?: Readonly<Record<string, string>>;
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
