import type {CompareFile, FoundCompareFile, PlanDraft} from '../../plan/draft.js';
import {type EndpointSpec, mockUrl} from '../../plan/pipelines.js';
import type {Choice} from './setup-types.js';

/** Comparison files are offered only when the flags name nothing to benchmark and no pipeline. */
export const offersFiles = (draft: PlanDraft): boolean =>
	draft.endpoints === undefined && draft.pipeline === undefined && !draft.gateway && !draft.sourcegraph && draft.direct.length === 0;

/** The flags' default for --max-tokens (validate.ts): a file's value replaces only that. */
const defaultMaxTokens = 256;

/** The draft as if `--compare` had named the file: its endpoints, and its load settings wherever no flag set one. */
export function withCompareFile(draft: PlanDraft, {load, endpoints}: CompareFile): PlanDraft {
	// --interleave and --rate exclude each other: a flag's choice drops the file's other one.
	const rate = draft.rate ?? (draft.interleave ? undefined : load.rate);
	return {
		...draft,
		endpoints,
		stream: draft.stream ?? load.stream,
		maxTokens: draft.maxTokens === defaultMaxTokens ? (load.maxTokens ?? defaultMaxTokens) : draft.maxTokens,
		requests: draft.requests ?? load.requests,
		concurrency: draft.concurrency ?? load.concurrency,
		durationMs: draft.durationMs ?? load.durationMs,
		rate,
		warmup: draft.warmup || load.warmup || 0,
		interleave: draft.interleave ?? (rate === undefined ? load.interleave : undefined),
	};
}

/** The draft with the comparison file picked on the first question, if one was. */
export function draftWith(draft: PlanDraft, compare: string | undefined, found: readonly FoundCompareFile[]): PlanDraft {
	const picked = compare === undefined ? undefined : found.find((item) => item.path === compare);
	return picked ? withCompareFile(draft, picked.file) : draft;
}

/** The first question's extra choices: one per comparison file found. */
export const fileChoices = (found: readonly FoundCompareFile[]): Choice[] =>
	found.map(({path, file}) => ({
		value: `compare:${path}`,
		label: `compare: ${path} (${file.endpoints.length} endpoint${file.endpoints.length === 1 ? '' : 's'})`,
		description: 'the endpoints and load settings of this comparison file',
		answer: {compare: path},
	}));

/** Where an endpoint goes, without its path: `gw.example`, or `mock` for the built-in mock. */
export const hostOf = (url: string): string => (url === mockUrl ? 'mock' : URL.canParse(url) ? new URL(url).host : url);

/** One choice per endpoint of a comparison file, in its order: name, kind and host. */
export const endpointChoices = (endpoints: readonly EndpointSpec[]): Choice[] =>
	endpoints.map((spec) => ({
		value: spec.name,
		label: spec.name,
		description: `${spec.target}${spec.kind === 'completions' ? '' : ` ${spec.kind}`} · ${hostOf(spec.config.url)}`,
		answer: {endpoints: [spec.name]},
	}));

/** The chosen endpoints, in the file's order; all of them until chosen. */
export const chosenEndpoints = (endpoints: readonly EndpointSpec[] | undefined, names: readonly string[] | undefined) =>
	endpoints && names ? endpoints.filter((spec) => names.includes(spec.name)) : endpoints;
