import {readdirSync, statSync} from 'node:fs';
import {join} from 'node:path';
import {type CompareFile, readCompareFile} from '../cli/compare-file.js';
import type {PlanDraft} from '../cli/validate.js';
import {type EndpointSpec, mockUrl} from '../pipelines.js';
import type {Choice} from './setup-steps.js';

/** Where Setup looks for comparison files, and the environment their `keyEnv` names are read from. */
export type Discovery = {readonly dir: string; readonly env: NodeJS.ProcessEnv};

/** A valid comparison file found in the discovery folder; `path` is relative to it. */
export type FoundFile = {readonly path: string; readonly file: CompareFile};

// Anything larger is not a comparison file: not worth reading while the screen waits.
const largestFile = 1024 * 1024;

/** Comparison files in `examples/*.json` and `*.compare.json` of `dir`, by name; files that fail to read are left out. */
export function discoverCompareFiles({dir, env}: Discovery): FoundFile[] {
	const candidates = [...listed(dir, 'examples', (name) => name.endsWith('.json')), ...listed(dir, '', (name) => name.endsWith('.compare.json'))];
	const found: FoundFile[] = [];
	for (const path of candidates) {
		const full = join(dir, path);
		const file = (statSync(full, {throwIfNoEntry: false})?.size ?? Infinity) > largestFile ? 'gone or too large' : readCompareFile(full, env);
		if (typeof file !== 'string') found.push({path, file});
	}

	return found;
}

function listed(dir: string, folder: string, keep: (name: string) => boolean): string[] {
	try {
		return readdirSync(join(dir, folder), {withFileTypes: true})
			.filter((entry) => entry.isFile() && keep(entry.name))
			.map((entry) => (folder ? `${folder}/${entry.name}` : entry.name))
			.sort();
	} catch {
		return [];
	}
}

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
		interleave: draft.interleave || (rate === undefined && load.interleave === true),
	};
}

/** The draft with the comparison file picked on the first question, if one was. */
export function draftWith(draft: PlanDraft, compare: string | undefined, found: readonly FoundFile[]): PlanDraft {
	const picked = compare === undefined ? undefined : found.find((item) => item.path === compare);
	return picked ? withCompareFile(draft, picked.file) : draft;
}

/** The first question's extra choices: one per comparison file found. */
export const fileChoices = (found: readonly FoundFile[]): Choice[] =>
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
