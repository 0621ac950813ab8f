import type {Provider} from './names.js';
import type {EndpointSpec} from './pipelines.js';
import type {PipelineChoice, RunPlan} from './run-plan.js';
import type {PromptSet} from './prompts.js';

/** A plan with the choices the console may still ask for left open. */
export type PlanDraft = Omit<RunPlan, 'pipeline' | 'provider' | 'stream' | 'requests' | 'concurrency' | 'interleave'> & {
	readonly pipeline?: PipelineChoice;
	readonly provider?: Provider;
	readonly stream?: boolean;
	readonly requests?: number;
	readonly concurrency?: number;
	/** Undefined unless `--interleave`, `--no-interleave` or a comparison file said: the console then decides. */
	readonly interleave?: boolean;
};

export type OutputPaths = {readonly csv?: string; readonly requestCsv?: string; readonly json?: string; readonly html?: string};

export const planDefaults = {pipeline: 'all', provider: 'anthropic', stream: false, requests: 1000, concurrency: 1} as const;

/** In rate mode the concurrency is only a cap on requests in flight (k6's maxVUs). */
export const rateModeConcurrency = 256;

/** Fills what the flags left open with the documented defaults (headless runs). */
export const completePlan = (draft: PlanDraft): RunPlan => ({
	...draft,
	pipeline: draft.pipeline ?? planDefaults.pipeline,
	provider: draft.provider ?? planDefaults.provider,
	stream: draft.stream ?? planDefaults.stream,
	requests: draft.requests ?? (draft.durationMs === undefined ? planDefaults.requests : undefined),
	concurrency: draft.concurrency ?? (draft.rate === undefined ? planDefaults.concurrency : rateModeConcurrency),
	interleave: draft.interleave ?? false,
});

/** Shared load settings a comparison file may set; flags given on the command line win. */
export type CompareLoad = {
	readonly requests?: number;
	readonly concurrency?: number;
	readonly durationMs?: number;
	readonly rate?: number;
	readonly warmup?: number;
	readonly stream?: boolean;
	readonly maxTokens?: number;
	readonly interleave?: boolean;
	/** What the requests carry, as the flags of the same names take it; `prompts` is resolved against the file's folder. */
	readonly prompts?: string;
	readonly inputTokens?: string;
	readonly outputTokens?: string;
	readonly exactOutput?: boolean;
	readonly uniquePrefix?: boolean;
	readonly seed?: number;
};

export type CompareFile = {readonly load: CompareLoad; readonly endpoints: readonly EndpointSpec[]};

/** A prompt file found for Setup to offer, read: its path relative to where it was looked for. */
export type FoundPromptFile = {readonly path: string; readonly set: PromptSet};

/** A valid comparison file found for the console to offer; `path` is relative to where it was looked for. */
export type FoundCompareFile = {readonly path: string; readonly file: CompareFile};
