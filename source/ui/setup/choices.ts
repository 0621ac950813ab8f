import type {FoundPromptFile, PlanDraft} from '../../plan/draft.js';
import {pipelineDescriptions} from '../../plan/pipelines.js';
import {pipelineChoices} from '../../plan/run-plan.js';
import {endpointChoices} from './compare-choices.js';
import type {Choice, PlainKey} from './setup-types.js';

export const requestPresets = [100, 500, 1000, 5000] as const;
export const concurrencyPresets = [1, 4, 8, 16, 64] as const;
/** Instead of a count: a run of this many seconds. */
const durationPresets = [
	[30, '30 s'],
	[120, '2 min'],
] as const;
/** Instead of a concurrency: requests per second per endpoint. */
const ratePresets = [5, 20] as const;

const requestNotes: Readonly<Record<number, string>> = {
	100: 'a quick look',
	500: 'a short run',
	1000: 'the original’s default',
	5000: 'steadier tail percentiles (p99)',
};
const concurrencyNotes: Readonly<Record<number, string>> = {
	1: 'one request at a time, as the original',
	4: 'light parallel load',
	8: 'moderate load',
	16: 'heavy load: queueing starts to show',
	64: 'stress: rate limits and timeouts show up',
};

/** The choices of one Setup question, each with what it means in a few words. */
export function choicesFor(key: PlainKey, draft: PlanDraft, promptFiles: readonly FoundPromptFile[] = []): Choice[] {
	switch (key) {
		case 'workload':
			return workloadChoices(promptFiles);
		case 'pipeline':
			return pipelineChoices.map((pipeline) => ({value: pipeline, label: pipeline, description: pipelineDescriptions[pipeline], answer: {pipeline}}));
		case 'endpoints':
			return endpointChoices(draft.endpoints ?? []);
		case 'provider':
			return [
				{
					value: 'anthropic',
					label: 'anthropic',
					description: 'Claude chat messages (Anthropic Messages / Sourcegraph format)',
					answer: {provider: 'anthropic'},
				},
				{value: 'fireworks', label: 'fireworks', description: 'StarCoder fill-in-the-middle code completion (OpenAI style)', answer: {provider: 'fireworks'}},
			];
		case 'stream':
			return [
				{value: 'no', label: 'no stream', description: 'one JSON reply per request: total latency', answer: {stream: false}},
				{value: 'yes', label: 'stream', description: 'server-sent events: time to first token, tokens/s, gaps', answer: {stream: true}},
			];
		case 'target':
			return targetChoices(draft);
		case 'requests':
			return [
				...requestPresets.map((requests) => ({
					value: String(requests),
					label: String(requests),
					description: requestNotes[requests] ?? '',
					answer: {requests},
				})),
				...durationPresets.map(([seconds, label]) => ({
					value: `${seconds}s`,
					label,
					description: `as many requests as fit in ${label}`,
					answer: {durationMs: seconds * 1000},
				})),
			];
		case 'concurrency':
			return [
				...concurrencyPresets.map((concurrency) => ({
					value: String(concurrency),
					label: String(concurrency),
					description: concurrencyNotes[concurrency] ?? '',
					answer: {concurrency},
				})),
				...ratePresets.map((rate) => ({
					value: `${rate}/s`,
					label: `${rate}/s`,
					description: 'open loop: sent on schedule whatever the server does (latency corrected)',
					answer: {rate},
				})),
			];
	}
}

/** Synthetic workloads: tokens in, tokens out, and what each stresses. */
const syntheticPresets = [
	[512, 128, 'a chat turn: both prefill and generation'],
	[2000, 200, 'long prompts: prefill (time to first token) dominates'],
	[128, 512, 'long answers: generation (tokens/s) dominates'],
] as const;

function workloadChoices(promptFiles: readonly FoundPromptFile[]): Choice[] {
	return [
		{
			value: 'original',
			label: 'one prompt',
			description: 'the same prompt every request, as the original (caches may serve repeats)',
			answer: {workload: 'original'},
		},
		...promptFiles.map(({path, set}) => ({
			value: `file:${path}`,
			label: path,
			description: `${set.prompts.length} prompts (${set.format}), in order, a unique prefix each`,
			answer: {workload: `file:${path}`},
		})),
		...syntheticPresets.map(([input, output, note]) => ({
			value: `synthetic:${input}:${output}`,
			label: `${input} in · ${output} out`,
			description: `synthetic tokens, output exact where the server allows, no cache: ${note}`,
			answer: {workload: `synthetic:${input}:${output}`},
		})),
	];
}

function targetChoices({gateway, sourcegraph}: PlanDraft): Choice[] {
	const choices: Choice[] = [];
	if (gateway && sourcegraph) {
		choices.push(
			{value: 'given', label: 'gateway + sourcegraph', description: `${gateway.url} and ${sourcegraph.url}`, answer: {target: 'given'}},
			{value: 'gateway', label: 'gateway only', description: gateway.url, answer: {target: 'gateway'}},
			{value: 'sourcegraph', label: 'sourcegraph only', description: sourcegraph.url, answer: {target: 'sourcegraph'}},
		);
	} else {
		const [label, url] = gateway ? ['gateway', gateway.url] : ['sourcegraph', sourcegraph?.url ?? ''];
		choices.push({value: 'given', label, description: `${url} (from --${label})`, answer: {target: 'given'}});
	}

	choices.push({
		value: 'mock',
		label: 'built-in mock',
		description: 'an in-process mock gateway on 127.0.0.1: no tokens, no network',
		answer: {target: 'mock'},
	});
	return choices;
}
