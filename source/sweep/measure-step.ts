import type {EndpointSpec} from '../plan/pipelines.js';
import {rateModeConcurrency} from '../plan/draft.js';
import type {RunPlan} from '../plan/run-plan.js';
import type {SweepSettings} from '../plan/sweep-settings.js';
import {measureAndRecord, type Measuring} from '../session/measure.js';
import {judgeAdded} from '../stats/judge-added.js';
import {judgeSlos, meetsSlos, stepVerdict} from '../stats/judge-slo.js';
import {saturatedAfter} from './step-policy.js';
import type {SweepFiles} from './sweep-files.js';
import type {CurrentStep, SweepStep} from './sweep-types.js';

/** Resamples for each judged percentile of a step. */
const judgeIterations = 1000;

/** How often a screen hears the current step's figures. */
const progressIntervalMs = 200;

/** What one step is: which endpoint, what load, and whether it is the rate search's calibration or a borderline load again. */
export type StepAsked = {
	readonly spec: EndpointSpec;
	readonly index: number;
	readonly load: number;
	readonly repeat: boolean;
	readonly calibration: boolean;
	/** An overhead sweep: the upstream directly, each request of the step paired with one through `spec`. */
	readonly baseline?: EndpointSpec;
};

/** What a step is measured with, and told to, by the search that runs it. */
export type StepContext = {
	readonly plan: RunPlan;
	readonly settings: SweepSettings;
	readonly mock: boolean;
	readonly files: SweepFiles;
	/** The steps finished before this one (its number follows theirs; saturation is judged against them). */
	readonly steps: readonly SweepStep[];
	/** Hears the step's figures as they come, and undefined when it ends. */
	readonly onCurrent: (current: CurrentStep | undefined) => void;
	/** Hears the running step, so that a stop can end it at once. */
	readonly onMeasuring: (measuring: Measuring | undefined) => void;
	readonly stopped: () => boolean;
};

/**
 * Measures one load on one endpoint for the step's time after a short warm-up, and judges it
 * against the SLOs (rate steps from each request's scheduled send, so a queue in front of the
 * server cannot hide). Undefined when the search was stopped meanwhile.
 */
export async function measureStep(asked: StepAsked, context: StepContext): Promise<SweepStep | undefined> {
	const {plan, settings, files, steps} = context;
	const {spec, index, load, calibration, repeat, baseline} = asked;
	const open = settings.mode === 'rate' && !calibration;
	const concurrency = open ? rateModeConcurrency : load;
	// The endpoint judged is the run's second in an overhead sweep (the first is the upstream directly).
	const judged = baseline ? 1 : 0;
	const stepPlan: RunPlan = {
		...plan,
		concurrency,
		requests: undefined,
		durationMs: settings.stepMs,
		rate: open ? load : undefined,
		// One request per worker warms a closed loop, two each path a paired one; a quarter second's worth an open one.
		warmup: Math.max(plan.warmup, open ? Math.ceil(load / 4) : baseline ? 2 * load : load),
		interleave: baseline !== undefined,
		thresholds: [],
	};
	const measuring = await measureAndRecord({
		plan: stepPlan,
		specs: baseline ? [baseline, spec] : [spec],
		outputs: {},
		mock: context.mock,
		snapshotIntervalMs: progressIntervalMs,
	});
	context.onMeasuring(measuring);
	const number = steps.length + 1;
	const live = (): CurrentStep => ({
		endpoint: index,
		load,
		rateMode: open,
		repeat,
		calibration,
		stats: measuring.recorder.store.getSnapshot().endpoints[judged],
	});
	context.onCurrent(live());
	const unsubscribe = measuring.recorder.store.subscribe(() => context.onCurrent(live()));
	// Goodput: each request held to the SLOs on its own, as it completes (warm-up requests are never emitted).
	const good = {requests: 0, tokens: 0};
	measuring.run.subscribe((event) => {
		if (event.type === 'run-start') files.setEndpoints(event.endpoints);
		if (event.type !== 'sample') return;
		files.sample(number, event.sample);
		if (event.sample.endpoint !== judged || !meetsSlos(event.sample, settings.slos, open)) return;
		good.requests++;
		good.tokens += event.sample.tokens?.output ?? 0;
	});
	if (context.stopped()) measuring.run.stop();
	const result = await measuring.finish();
	unsubscribe();
	context.onMeasuring(undefined);
	context.onCurrent(undefined);
	if (result.run.interrupted || context.stopped()) return undefined;
	const stats = result.snapshot.endpoints[judged];
	const json = result.json.endpoints[judged];
	const direct = result.json.endpoints[0];
	if (!stats || !json || !direct) return undefined;
	const comparison = baseline ? result.comparison[0] : undefined;
	const judgements = [
		...judgeSlos(settings.slos, stats, (metric) => measuring.recorder.store.histogramOf(judged, metric), {iterations: judgeIterations, corrected: open}),
		...(baseline ? judgeAdded(settings.added, comparison?.paired) : []),
	];
	const perSecond = (count: number) => (stats.elapsedMs > 0 ? count / (stats.elapsedMs / 1000) : 0);
	const rate = open ? load : undefined;
	return {
		number,
		endpoint: {index, name: stats.info.name},
		concurrency,
		...(rate === undefined ? {} : {rate}),
		...(calibration ? {calibration: true} : {}),
		verdict: stepVerdict(judgements),
		judgements,
		saturated: !calibration && saturatedAfter(steps, index, {stats, concurrency, rate}),
		stats,
		json,
		...(baseline && comparison ? {overhead: {direct, comparison}} : {}),
		repeat,
		goodput: {requestsPerSecond: perSecond(good.requests), outputTokensPerSecond: perSecond(good.tokens)},
	};
}
