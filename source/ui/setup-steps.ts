import {completePlan, type PlanDraft, planDefaults} from '../cli/validate.js';
import {endpointSpecs, pipelineDescriptions} from '../pipelines.js';
import {type PipelineChoice, pipelineChoices, type RunPlan, usesMock} from '../plan.js';
import type {Provider} from '../targets/types.js';

/** Which of the targets given by flags to benchmark, or the built-in mock instead. */
export type TargetChoice = 'given' | 'gateway' | 'sourcegraph' | 'mock';

/** What the Setup screen asks; anything a flag gave is never asked. */
export type Answers = {
	readonly pipeline?: PipelineChoice;
	readonly provider?: Provider;
	readonly stream?: boolean;
	readonly target?: TargetChoice;
	readonly requests?: number;
	readonly concurrency?: number;
};

export type Choice = {readonly value: string; readonly label: string; readonly description: string; readonly answer: Answers};

export type Question = {readonly key: keyof Answers; readonly title: string; readonly choices: readonly Choice[]; readonly initial: number};

export const requestPresets = [100, 500, 1000, 5000] as const;
export const concurrencyPresets = [1, 4, 8, 16, 64] as const;

const requestNotes: Readonly<Record<number, string>> = {100: 'a quick look', 500: 'a short run', 1000: 'the original’s default', 5000: 'steadier tail percentiles (p99)'};
const concurrencyNotes: Readonly<Record<number, string>> = {
	1: 'one request at a time, as the original',
	4: 'light parallel load',
	8: 'moderate load',
	16: 'heavy load: queueing starts to show',
	64: 'stress: rate limits and timeouts show up',
};

/** A comparison file lists its endpoints itself: no pipeline to choose. */
const listsEndpoints = (draft: PlanDraft): boolean => (draft as {readonly endpoints?: unknown}).endpoints !== undefined;

const withCompletions = (pipeline: PipelineChoice | undefined) => pipeline === 'completions' || pipeline === 'all';

function needed(draft: PlanDraft, answers: Answers): Array<keyof Answers> {
	const pipeline = draft.pipeline ?? answers.pipeline;
	const pipelines = !listsEndpoints(draft);
	const completions = pipelines && (pipeline === undefined || withCompletions(pipeline));
	const open: Readonly<Record<Exclude<keyof Answers, 'target'>, boolean>> = {
		pipeline: pipelines && draft.pipeline === undefined,
		provider: completions && draft.provider === undefined,
		stream: completions && draft.stream === undefined,
		requests: draft.requests === undefined && draft.durationMs === undefined,
		concurrency: draft.concurrency === undefined && draft.rate === undefined,
	};
	// Flags naming a target answer that question, unless the screen is shown anyway: then the mock is offered too.
	const target = Object.values(open).some(Boolean) && Boolean(draft.gateway || draft.sourcegraph);
	return order.filter((key) => (key === 'target' ? target : open[key]));
}

const order: ReadonlyArray<keyof Answers> = ['pipeline', 'provider', 'stream', 'target', 'requests', 'concurrency'];

/** The questions still open, in the order asked (provider and stream only when completions are run). */
export const openQuestions = (draft: PlanDraft, answers: Answers): Question[] =>
	needed(draft, answers)
		.filter((key) => answers[key] === undefined)
		.map((key) => question(key, draft));

function question(key: keyof Answers, draft: PlanDraft): Question {
	const choices = choicesFor(key, draft);
	const initial: unknown = key === 'target' ? 'given' : (planDefaults as Record<string, unknown>)[key];
	return {key, title: titles[key], choices, initial: Math.max(0, choices.findIndex((choice) => choice.answer[key] === initial))};
}

const titles: Readonly<Record<keyof Answers, string>> = {
	pipeline: 'What to benchmark',
	provider: 'Completions provider',
	stream: 'Streaming',
	target: 'Target',
	requests: 'Requests per endpoint',
	concurrency: 'Concurrency: requests in flight per endpoint',
};

function choicesFor(key: keyof Answers, draft: PlanDraft): Choice[] {
	switch (key) {
		case 'pipeline':
			return pipelineChoices.map((pipeline) => ({value: pipeline, label: pipeline, description: pipelineDescriptions[pipeline], answer: {pipeline}}));
		case 'provider':
			return [
				{value: 'anthropic', label: 'anthropic', description: 'Claude chat messages (Anthropic Messages / Sourcegraph format)', answer: {provider: 'anthropic'}},
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
			return requestPresets.map((requests) => ({value: String(requests), label: String(requests), description: requestNotes[requests] ?? '', answer: {requests}}));
		case 'concurrency':
			return concurrencyPresets.map((concurrency) => ({value: String(concurrency), label: String(concurrency), description: concurrencyNotes[concurrency] ?? '', answer: {concurrency}}));
	}
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

	choices.push({value: 'mock', label: 'built-in mock', description: 'an in-process mock gateway on 127.0.0.1: no tokens, no network', answer: {target: 'mock'}});
	return choices;
}

/** The plan the answers make; what is still open gets the documented defaults. */
export function planFrom(draft: PlanDraft, answers: Answers): RunPlan {
	const {target} = answers;
	return completePlan({
		...draft,
		gateway: target === 'mock' || target === 'sourcegraph' ? undefined : draft.gateway,
		sourcegraph: target === 'mock' || target === 'gateway' ? undefined : draft.sourcegraph,
		pipeline: draft.pipeline ?? answers.pipeline,
		provider: draft.provider ?? answers.provider,
		stream: draft.stream ?? answers.stream,
		requests: draft.requests ?? answers.requests,
		concurrency: draft.concurrency ?? answers.concurrency,
	});
}

/** Names of the endpoints a plan benchmarks, and whether the built-in mock serves them, for the "will benchmark" line. */
export function benchmarked(plan: RunPlan): {names: string[]; mock: boolean} {
	const mock = !plan.gateway && !plan.sourcegraph && usesMock(plan);
	const stand = {url: 'http://mock.invalid'};
	const targets = mock ? {gateway: stand, sourcegraph: stand} : {gateway: plan.gateway, sourcegraph: plan.sourcegraph};
	return {names: endpointSpecs(plan, targets).map((spec) => spec.name), mock};
}
