import type {Provider} from './targets/types.js';
import type {HttpClientName} from './transport/types.js';

export type PipelineChoice = 'completions' | 'websocket' | 'http' | 'all';
export const pipelineChoices: readonly PipelineChoice[] = ['completions', 'websocket', 'http', 'all'];
export const providers: readonly Provider[] = ['anthropic', 'fireworks'];

export type TargetConfig = {
	/** Base URL without a trailing slash, e.g. https://cody-gateway.sourcegraph.com */
	readonly url: string;
	readonly token?: string;
};

/** Everything a run needs, validated once. The console fills in what flags left open. */
export type RunPlan = {
	readonly pipeline: PipelineChoice;
	readonly provider: Provider;
	readonly stream: boolean;
	readonly maxTokens: number;
	readonly requests: number;
	readonly concurrency: number;
	/** Both undefined: benchmark the built-in mock gateway. */
	readonly gateway?: TargetConfig;
	readonly sourcegraph?: TargetConfig;
	/** Value of the `cody-core-gc-test` header, when asked for. */
	readonly specialHeader?: string;
	readonly httpClient: HttpClientName;
	/** Per-request timeouts, ms; 0 turns a timeout off. */
	readonly timeouts: {readonly completions: number; readonly ping: number};
};

export const usesMock = (plan: Pick<RunPlan, 'gateway' | 'sourcegraph'>): boolean => !plan.gateway && !plan.sourcegraph;
