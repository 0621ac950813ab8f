import {completePlan, type PlanDraft, planDefaults} from '../../plan/draft.js';
import {endpointSpecs} from '../../plan/pipelines.js';
import {type PipelineChoice, type RunPlan, usesMock} from '../../plan/run-plan.js';
import type {Provider} from '../../plan/names.js';
import type {FoundCompareFile} from '../../plan/draft.js';
import {chosenEndpoints, draftWith, fileChoices, offersFiles} from './compare-choices.js';
import {choicesFor} from './choices.js';

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
	/** A comparison file found by Setup (its path), picked instead of a pipeline. */
	readonly compare?: string;
	/** Names of the comparison file's endpoints to run; the file's order is kept. */
	readonly endpoints?: readonly string[];
};

/** Every answer but `compare`, which is a choice of the first question. */
export type QuestionKey = Exclude<keyof Answers, 'compare'>;

export type Choice = {readonly value: string; readonly label: string; readonly description: string; readonly answer: Answers};

/** `multi`: any number of the choices, all at first (the endpoints of a comparison file). */
export type Question = {
	readonly key: QuestionKey;
	readonly title: string;
	readonly choices: readonly Choice[];
	readonly initial: number;
	readonly multi?: boolean;
};

const withCompletions = (pipeline: PipelineChoice | undefined) => pipeline === 'completions' || pipeline === 'all';

function needed(draft: PlanDraft, answers: Answers): QuestionKey[] {
	const pipeline = draft.pipeline ?? answers.pipeline;
	// The original suite's pipelines run on a gateway, a Sourcegraph instance or the mock; a comparison
	// file lists its endpoints itself, and direct endpoints alone are what the flags asked for.
	const suite = draft.endpoints === undefined && Boolean(draft.gateway || draft.sourcegraph || draft.direct.length === 0);
	const completions = suite && (pipeline === undefined || withCompletions(pipeline));
	const direct = draft.endpoints === undefined && draft.direct.length > 0;
	const open: Readonly<Record<Exclude<QuestionKey, 'target'>, boolean>> = {
		pipeline: suite && draft.pipeline === undefined,
		endpoints: (draft.endpoints?.length ?? 0) > 1,
		provider: completions && draft.provider === undefined,
		stream: (completions || direct) && draft.stream === undefined,
		requests: draft.requests === undefined && draft.durationMs === undefined,
		concurrency: draft.concurrency === undefined && draft.rate === undefined,
	};
	// Flags naming a target answer that question, unless the screen is shown anyway: then the mock is offered too.
	const target = Object.values(open).some(Boolean) && Boolean(draft.gateway || draft.sourcegraph);
	return order.filter((key) => (key === 'target' ? target : open[key]));
}

const order: readonly QuestionKey[] = ['pipeline', 'endpoints', 'provider', 'stream', 'target', 'requests', 'concurrency'];

/**
 * The questions still open, in the order asked (provider and stream only when completions are
 * run). `found`: comparison files offered on the first question; one picked answers like --compare.
 */
export function openQuestions(draft: PlanDraft, answers: Answers, found: readonly FoundCompareFile[] = []): Question[] {
	const effective = draftWith(draft, answers.compare, found);
	return needed(effective, answers)
		.filter((key) => answers[key] === undefined)
		.map((key) => question(key, effective, offersFiles(draft) ? found : []));
}

function question(key: QuestionKey, draft: PlanDraft, found: readonly FoundCompareFile[]): Question {
	const choices = key === 'pipeline' ? [...choicesFor(key, draft), ...fileChoices(found)] : choicesFor(key, draft);
	const initial: unknown = key === 'target' ? 'given' : (mockDefaults(draft)[key] ?? (planDefaults as Record<string, unknown>)[key]);
	const index = Math.max(
		0,
		choices.findIndex((choice) => choice.answer[key] === initial),
	);
	return {key, title: titles[key], choices, initial: index, multi: key === 'endpoints'};
}

const titles: Readonly<Record<QuestionKey, string>> = {
	pipeline: 'What to benchmark',
	endpoints: 'Which endpoints',
	provider: 'Completions provider',
	stream: 'Streaming',
	target: 'Target',
	requests: 'Requests per endpoint',
	concurrency: 'Concurrency: requests in flight per endpoint',
};

/** The plan the answers make; what is still open gets the documented defaults. */
export function planFrom(given: PlanDraft, answers: Answers, found: readonly FoundCompareFile[] = []): RunPlan {
	const {target} = answers;
	const draft = draftWith(given, answers.compare, found);
	const plan = completePlan({
		...draft,
		endpoints: chosenEndpoints(draft.endpoints, answers.endpoints),
		gateway: target === 'mock' || target === 'sourcegraph' ? undefined : draft.gateway,
		sourcegraph: target === 'mock' || target === 'gateway' ? undefined : draft.sourcegraph,
		pipeline: draft.pipeline ?? answers.pipeline,
		provider: draft.provider ?? answers.provider,
		stream: draft.stream ?? answers.stream,
		requests: draft.requests ?? answers.requests,
		concurrency: draft.concurrency ?? answers.concurrency,
	});
	return draft.interleave === undefined && comparesLive(plan) ? {...plan, interleave: true} : plan;
}

/**
 * Endpoints picked to be compared (a comparison file's, or direct ones without the original
 * suite's pipelines), two or more, closed loop: the console sends them request for request, so
 * that their rows can be read against each other while the run goes. Flags and files decide otherwise.
 */
export function comparesLive(plan: RunPlan): boolean {
	const picked = plan.endpoints !== undefined || (!plan.gateway && !plan.sourcegraph && plan.direct.length > 0);
	return picked && plan.rate === undefined && !plan.probe && benchmarked(plan).names.length >= 2;
}

/** Names of the endpoints a plan benchmarks, and whether the built-in mock serves them, for the "will benchmark" line. */
export function benchmarked(plan: RunPlan): {names: string[]; mock: boolean} {
	// As startSession decides: the mock stands in for both targets only when nothing else is named.
	const mock = !plan.gateway && !plan.sourcegraph && plan.direct.length === 0 && usesMock(plan);
	const stand = {url: 'http://mock.invalid'};
	const targets = mock ? {gateway: stand, sourcegraph: stand} : {gateway: plan.gateway, sourcegraph: plan.sourcegraph};
	return {names: endpointSpecs(plan, targets).map((spec) => spec.name), mock};
}

/**
 * Against the built-in mock (a first look), Enter through the questions should finish in about
 * a minute: the original's 1,000 requests one at a time would take most of an hour of mock
 * completions. Real targets keep the original's defaults.
 */
function mockDefaults(draft: PlanDraft): Partial<Record<QuestionKey, unknown>> {
	const mock = !draft.gateway && !draft.sourcegraph && !draft.endpoints && draft.direct.length === 0;
	return mock ? {requests: 100, concurrency: 8} : {};
}
