import type {OpenAiApi} from './providers.js';
import type {EndpointTarget, PipelineName, ProviderFormat} from './names.js';

// The words of an endpoint (which pipeline, which target, where): shared by the plan and by the pipelines that make endpoints of it.

export type PipelineChoice = 'completions' | 'websocket' | 'http' | 'all';
export const pipelineChoices: readonly PipelineChoice[] = ['completions', 'websocket', 'http', 'all'];
export type TargetConfig = {
	/** Base URL without a trailing slash, e.g. https://cody-gateway.sourcegraph.com */
	readonly url: string;
	readonly token?: string;
	/** The built-in mock, in this process: never reached through a proxy. */
	readonly builtInMock?: boolean;
};

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
	/** A comparison file's `metricsUrl`: this endpoint's server's Prometheus page, scraped during the run. */
	readonly metricsUrl?: string;
};
