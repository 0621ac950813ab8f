import {completePlan, type PlanDraft, planDefaults} from '../../plan/draft.js';
import {endpointSpecs, mockUrl} from '../../plan/pipelines.js';
import {type PipelineChoice, type RunPlan, usesMock} from '../../plan/run-plan.js';
import type {FoundCompareFile, FoundPromptFile} from '../../plan/draft.js';
import {chosenEndpoints, draftWith, offersFiles} from './compare-choices.js';
import {directFromTargets, gatewaysOf, pickedFile, targetChoices} from './targets.js';
import {overheadEndpoints} from '../../plan/overhead-endpoints.js';
import {defaultModels, isDirect} from '../../plan/providers.js';
import {choicesFor} from './choices.js';
import {type Answers, plainKeyOrder, type PlainKey, type Question, type QuestionKey} from './setup-types.js';

const withCompletions = (pipeline: PipelineChoice | undefined) => pipeline === 'completions' || pipeline === 'all';

function needed(draft: PlanDraft, answers: Answers): PlainKey[] {
	const pipeline = draft.pipeline ?? answers.pipeline;
	// The original suite's pipelines run on a gateway, a Sourcegraph instance or the mock; a comparison
	// file lists its endpoints itself, and direct endpoints alone are what the flags asked for.
	const suite = draft.endpoints === undefined && Boolean(draft.gateway || draft.sourcegraph || draft.direct.length === 0);
	const completions = suite && (pipeline === undefined || withCompletions(pipeline));
	const direct = draft.endpoints === undefined && draft.direct.length > 0;
	const open: Readonly<Record<Exclude<QuestionKey, 'target' | 'targets' | 'model' | 'workload'>, boolean>> = {
		pipeline: suite && draft.pipeline === undefined,
		endpoints: (draft.endpoints?.length ?? 0) > 1,
		provider: completions && draft.provider === undefined,
		stream: (completions || direct) && draft.stream === undefined,
		requests: draft.requests === undefined && draft.durationMs === undefined,
		concurrency: draft.concurrency === undefined && draft.rate === undefined,
	};
	const shown = Object.values(open).some(Boolean);
	// Flags naming a target answer that question, unless the screen is shown anyway: then the mock is offered too.
	const target = shown && Boolean(draft.gateway || draft.sourcegraph);
	// Providers picked to compare are asked what to send them, when the screen is shown anyway and no flag said.
	const workload = shown && direct && !draft.prompts && !draft.inputTokens && draft.overrides?.prompt === undefined;
	return plainKeyOrder.filter((key) => (key === 'target' ? target : key === 'workload' ? workload : open[key]));
}

/** A question is answered by its own answer, or by the other answer it offers (a duration for requests, a rate for concurrency). */
const answered = (key: QuestionKey, answers: Answers): boolean =>
	key === 'requests'
		? answers.requests !== undefined || answers.durationMs !== undefined
		: key === 'concurrency'
			? answers.concurrency !== undefined || answers.rate !== undefined
			: key === 'model'
				? false
				: answers[key] !== undefined;

/** The draft as the answers so far make it: a comparison file picked, or the direct endpoints of the targets ticked. */
function effectiveDraft(draft: PlanDraft, answers: Answers, found: readonly FoundCompareFile[], env: NodeJS.ProcessEnv): PlanDraft {
	const file = answers.compare ?? (answers.targets && pickedFile(answers.targets));
	const withFile = draftWith(draft, file, found);
	if (file || !answers.targets) return withFile;
	const gateways = gatewaysOf(answers.targets);
	if (gateways.length > 0) return overheadDraft(withFile, gateways);
	const direct = directFromTargets(answers.targets, env).map((spec) => {
		const model = answers.models?.[spec.name];
		return model ? {...spec, overrides: {...spec.overrides, model}} : spec;
	});
	return {...withFile, direct};
}

/**
 * Gateways ticked in Setup: an overhead run, as `--through` makes it: the built-in mock directly
 * and through each gateway, interleaved and streamed, the mock witnessing what arrived. Other
 * targets ticked beside are left out (the "will benchmark" line says so).
 */
function overheadDraft(draft: PlanDraft, gateways: readonly string[]): PlanDraft {
	// URLs were checked as they were typed: a problem here leaves the draft as it was.
	const made = overheadEndpoints(mockUrl, gateways, {env: {}});
	if (typeof made === 'string') return draft;
	return {...draft, direct: made.endpoints, ...(made.witness ? {witness: made.witness} : {}), overhead: true, interleave: true, stream: draft.stream ?? true};
}

/**
 * A model question for each direct endpoint on a real server, unless --model chose one for all, or
 * the run measures gateways in front of the built-in mock (`--through`), which answers any model.
 */
function modelQuestions(draft: PlanDraft, answers: Answers): Question[] {
	if (draft.overrides?.model !== undefined || draft.endpoints !== undefined || draft.witness?.url === mockUrl) return [];
	return draft.direct
		.filter((spec) => spec.config.url !== mockUrl && answers.models?.[spec.name] === undefined)
		.map((spec) => ({
			key: 'model' as const,
			title: `Model for ${spec.name}`,
			choices: [],
			initial: 0,
			endpoint: spec,
			model: spec.overrides?.model ?? (isDirect(spec.target) ? defaultModels[spec.target] : undefined),
		}));
}

/**
 * The questions still open, in the order asked (provider and stream only when completions are
 * run). `found`: comparison files offered on the first question; one picked answers like --compare.
 */
export function openQuestions(
	draft: PlanDraft,
	answers: Answers,
	found: readonly FoundCompareFile[] = [],
	env: NodeJS.ProcessEnv = {},
	promptFiles: readonly FoundPromptFile[] = [],
): Question[] {
	const targets = offersFiles(draft) && answers.targets === undefined && answers.compare === undefined;
	const effective = effectiveDraft(draft, answers, found, env);
	const rest = needed(effective, answers)
		.filter((key) => !answered(key, answers))
		.map((key) => question(key, effective, promptFiles));
	return [...(targets ? [targetsQuestion(env, found)] : []), ...modelQuestions(effective, answers), ...rest];
}

/** The first question when no flag names a target: what to measure, several at once. */
function targetsQuestion(env: NodeJS.ProcessEnv, found: readonly FoundCompareFile[]): Question {
	return {key: 'targets', title: titles.targets, choices: targetChoices(env, found, []), initial: 0, multi: true};
}

function question(key: PlainKey, draft: PlanDraft, promptFiles: readonly FoundPromptFile[]): Question {
	const choices = choicesFor(key, draft, promptFiles);
	const initial: unknown =
		key === 'target' ? 'given' : key === 'workload' ? 'original' : (mockDefaults(draft)[key] ?? (planDefaults as Record<string, unknown>)[key]);
	const index = Math.max(
		0,
		choices.findIndex((choice) => choice.answer[key] === initial),
	);
	return {key, title: titles[key], choices, initial: index, multi: key === 'endpoints'};
}

const titles: Readonly<Record<Exclude<QuestionKey, 'model'>, string>> = {
	targets: 'What to measure',
	pipeline: 'What to benchmark',
	endpoints: 'Which endpoints',
	provider: 'Completions provider',
	stream: 'Streaming',
	workload: 'Prompts',
	target: 'Target',
	requests: 'Requests per endpoint',
	concurrency: 'Concurrency: requests in flight per endpoint',
};

/** The plan the answers make; what is still open gets the documented defaults. */
export function planFrom(
	given: PlanDraft,
	answers: Answers,
	found: readonly FoundCompareFile[] = [],
	env: NodeJS.ProcessEnv = {},
	promptFiles: readonly FoundPromptFile[] = [],
): RunPlan {
	const {target} = answers;
	const draft = effectiveDraft(given, answers, found, env);
	const plan = completePlan({
		...draft,
		...workloadOf(answers.workload, promptFiles),
		endpoints: chosenEndpoints(draft.endpoints, answers.endpoints),
		gateway: target === 'mock' || target === 'sourcegraph' ? undefined : draft.gateway,
		sourcegraph: target === 'mock' || target === 'gateway' ? undefined : draft.sourcegraph,
		pipeline: draft.pipeline ?? answers.pipeline,
		provider: draft.provider ?? answers.provider,
		stream: draft.stream ?? answers.stream,
		requests: draft.requests ?? answers.requests,
		durationMs: draft.durationMs ?? answers.durationMs,
		concurrency: draft.concurrency ?? answers.concurrency,
		rate: draft.rate ?? answers.rate,
	});
	// Gateways picked here are warmed up as --through warms them: two requests per connection.
	const warmed = answers.targets && gatewaysOf(answers.targets).length > 0 ? {...plan, warmup: Math.max(plan.warmup, 2 * plan.concurrency)} : plan;
	return draft.interleave === undefined && comparesLive(warmed) ? {...warmed, interleave: true} : warmed;
}

/** The plan's fields for the Prompts answer: a prompt file found, or synthetic lengths (exact output, no cache); none for the original prompt. */
function workloadOf(workload: string | undefined, promptFiles: readonly FoundPromptFile[]): Partial<PlanDraft> {
	if (workload?.startsWith('file:')) {
		const found = promptFiles.find((file) => file.path === workload.slice('file:'.length));
		return found ? {prompts: found.set, uniquePrefix: true} : {};
	}

	const synthetic = /^synthetic:(\d+):(\d+)$/.exec(workload ?? '');
	if (!synthetic) return {};
	return {inputTokens: {mean: Number(synthetic[1]), sd: 0}, outputTokens: {mean: Number(synthetic[2]), sd: 0}, exactOutput: true, uniquePrefix: true};
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
	// A model chosen for an endpoint is part of what runs.
	const names = endpointSpecs(plan, targets).map((spec) =>
		isDirect(spec.target) && spec.overrides?.model ? `${spec.name} (${spec.overrides.model})` : spec.name,
	);
	return {names, mock};
}

/** How a plan loads each endpoint, in a few words: `100 req × 8 in flight, interleaved, streamed`. */
export function loadText(plan: RunPlan): string {
	const amount = plan.requests === undefined ? `${(plan.durationMs ?? 0) / 1000} s` : `${plan.requests} req`;
	const pace = plan.rate === undefined ? `× ${plan.concurrency} in flight` : `at ${plan.rate}/s`;
	return [`${amount} ${pace}`, plan.interleave ? 'interleaved' : undefined, plan.stream ? 'streamed' : undefined].filter(Boolean).join(', ');
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
