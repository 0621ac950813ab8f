import type {RunPlan} from '../plan/run-plan.js';
import {rateModeConcurrency} from '../plan/draft.js';
import type {EndpointSpec} from '../plan/pipelines.js';
import type {MockOptions} from '../mock/server.js';
import {checkCapacityGates, type GateResult} from '../report/capacity-gates.js';
import {judgeSlos, meetsSlos, type SloJudgement, type SloVerdict, stepVerdict} from '../report/judge-slo.js';
import {type CurvePoint, kneeOf, saturated} from '../report/sweep-curve.js';
import type {EndpointStats} from '../stats/endpoint-stats.js';
import type {JsonSummary} from '../output/json.js';
import {measureAndRecord, type Measuring} from './measure.js';
import {prepareEndpoints, withSyntheticPrompts} from './session.js';
import {SweepFiles} from './sweep-files.js';
import type {OutputPaths} from '../plan/draft.js';

/** One load measured on one endpoint: its figures, each SLO judged, and what that makes of the step. */
export type SweepStep = {
	readonly number: number;
	readonly endpoint: {readonly index: number; readonly name: string};
	/** Requests in flight (the cap on them, in rate mode). */
	readonly concurrency: number;
	/** Rate mode: requests per second sent. */
	readonly rate?: number;
	/** Rate mode's first step on each endpoint: one request at a time, to find the single-stream rate the search starts from. */
	readonly calibration?: boolean;
	readonly verdict: SloVerdict;
	readonly judgements: readonly SloJudgement[];
	/** More load than the step before bought under 10 % more throughput while the median latency rose over 20 %. */
	readonly saturated: boolean;
	readonly stats: EndpointStats;
	/** The step's endpoint as the JSON summary writes it, histograms included. */
	readonly json: JsonSummary['endpoints'][number];
	/** A borderline step measured a second time. */
	readonly repeat: boolean;
	/** Requests that met every per-request SLO (succeeded, within each latency/TTFT limit), per second, and their output tokens per second. */
	readonly goodput: {readonly requestsPerSecond: number; readonly outputTokensPerSecond: number};
};

/** Why the search on an endpoint stopped where it did. */
export type StoppedBy = 'slo' | 'saturation' | 'maximum' | 'stopped';

export type SweepAnswer = {
	readonly endpoint: string;
	readonly mode: 'concurrency' | 'rate';
	/** The most load (requests in flight, or requests/s) that held every SLO with confidence; null when even the first did not. */
	readonly load: number | null;
	/** The step that proves it, and the lowest load that failed (null when none failed). */
	readonly step: number | null;
	readonly firstFailing: number | null;
	readonly stoppedBy: StoppedBy;
	/** The least load that reached within 10 % of the most throughput seen: where more load stops paying. */
	readonly knee: number | null;
	/** Requests/s at the answer's step, and its goodput. */
	readonly requestsPerSecond: number | null;
	readonly goodput: SweepStep['goodput'] | null;
};

export type SweepResult = {
	readonly steps: readonly SweepStep[];
	/** One per endpoint searched, in order. */
	readonly answers: readonly SweepAnswer[];
	readonly gates: readonly GateResult[];
	readonly interrupted: boolean;
	/** Files written, and the JSON (for `--json -`). */
	readonly written: readonly string[];
	readonly json: string;
};

/** The step being measured now. */
export type CurrentStep = {
	readonly endpoint: number;
	readonly load: number;
	readonly rateMode: boolean;
	readonly calibration: boolean;
	readonly repeat: boolean;
	/** Its figures so far (the store's latest snapshot), once a request has completed. */
	readonly stats: EndpointStats | undefined;
};

/** What a screen shows of a search under way. */
export type SweepProgress = {
	readonly endpoints: readonly string[];
	readonly steps: readonly SweepStep[];
	readonly answers: readonly SweepAnswer[];
	readonly current: CurrentStep | undefined;
};

export type SweepRun = {
	/** Stops at once: the step being measured is dropped, the finished ones and the answer so far kept. */
	readonly stop: () => void;
	readonly done: Promise<SweepResult>;
	/** Hears every finished step and, a few times a second, the current step's figures. */
	readonly subscribe: (listener: () => void) => () => void;
	readonly progress: () => SweepProgress;
};

/** Rates are tried to a tenth of a request per second. */
const roundRate = (rate: number): number => Math.round(rate * 10) / 10;

/** Resamples for each judged percentile of a step. */
const judgeIterations = 1000;

/** How often a screen hears the current step's figures. */
const progressIntervalMs = 200;

export type SweepOptions = {
	readonly plan: RunPlan;
	readonly mockOptions?: Partial<MockOptions>;
	readonly outputs?: OutputPaths;
	readonly onStep?: (step: SweepStep) => void;
};

/**
 * Capacity search on each endpoint in turn: concurrency 1, 2, 4, … (or, in rate mode, the
 * single-stream rate measured first, then twice, four times that …) up to the maximum, a fixed time
 * each after a short warm-up, until a step breaks an SLO or saturates; then bisection between the
 * last load that held and the first that broke, to the resolution. A borderline step (an interval
 * across a limit) is measured once more, and counts as broken if it is borderline again. Rate steps
 * are judged from each request's scheduled send, so a queue in front of the server cannot hide.
 * Every finished step is written to the files at once.
 */
export function startSweep({plan: asked, mockOptions = {}, outputs = {}, onStep = () => {}}: SweepOptions): SweepRun {
	let plan = asked;
	const settings = plan.sweep;
	if (!settings) throw new Error('no --sweep in the plan');
	let stopped = false;
	let current: Measuring | undefined;
	let progress: SweepProgress = {endpoints: [], steps: [], answers: [], current: undefined};
	const listeners = new Set<() => void>();
	const update = (change: Partial<SweepProgress>) => {
		progress = {...progress, ...change};
		for (const listener of listeners) listener();
	};

	const files = new SweepFiles(plan, outputs);
	const steps: SweepStep[] = [];
	const answers: SweepAnswer[] = [];
	const rateMode = settings.mode === 'rate';

	/** Measures one load on one endpoint (twice when borderline); undefined when stopped meanwhile. */
	const measure = async (spec: EndpointSpec, index: number, load: number, flags: {repeat: boolean; calibration: boolean}) => {
		const open = rateMode && !flags.calibration;
		const concurrency = open ? rateModeConcurrency : load;
		const stepPlan: RunPlan = {
			...plan,
			concurrency,
			requests: undefined,
			durationMs: settings.stepMs,
			rate: open ? load : undefined,
			// One request per worker warms a closed loop; a quarter second's worth an open one.
			warmup: Math.max(plan.warmup, open ? Math.ceil(load / 4) : load),
			interleave: false,
			thresholds: [],
		};
		const measuring = await measureAndRecord({plan: stepPlan, specs: [spec], outputs: {}, mock: Boolean(mockUrl), snapshotIntervalMs: progressIntervalMs});
		current = measuring;
		const number = steps.length + 1;
		const live = (): CurrentStep => ({endpoint: index, load, rateMode: open, ...flags, stats: measuring.recorder.store.getSnapshot().endpoints[0]});
		update({current: live()});
		const unsubscribe = measuring.recorder.store.subscribe(() => update({current: live()}));
		// Goodput: each request held to the SLOs on its own, as it completes (warm-up requests are never emitted).
		const good = {requests: 0, tokens: 0};
		measuring.run.subscribe((event) => {
			if (event.type === 'run-start') files.setEndpoints(event.endpoints);
			if (event.type !== 'sample') return;
			files.sample(number, event.sample);
			if (!meetsSlos(event.sample, settings.slos, open)) return;
			good.requests++;
			good.tokens += event.sample.tokens?.output ?? 0;
		});
		if (stopped) measuring.run.stop();
		const result = await measuring.finish();
		unsubscribe();
		current = undefined;
		update({current: undefined});
		if (result.run.interrupted || stopped) return undefined;
		const stats = result.snapshot.endpoints[0];
		const json = result.json.endpoints[0];
		if (!stats || !json) return undefined;
		const judgements = judgeSlos(settings.slos, stats, (metric) => measuring.recorder.store.histogramOf(0, metric), {
			iterations: judgeIterations,
			corrected: open,
		});
		const perSecond = (count: number) => (stats.elapsedMs > 0 ? count / (stats.elapsedMs / 1000) : 0);
		const before = [...steps].reverse().find((step) => step.endpoint.index === index && !step.calibration && step.verdict === 'pass');
		const step: SweepStep = {
			number,
			endpoint: {index, name: stats.info.name},
			concurrency,
			...(open ? {rate: load} : {}),
			...(flags.calibration ? {calibration: true} : {}),
			verdict: stepVerdict(judgements),
			judgements,
			saturated: !flags.calibration && before !== undefined && saturated(curvePoint(before), curvePoint({stats, concurrency, rate: open ? load : undefined})),
			stats,
			json,
			repeat: flags.repeat,
			goodput: {requestsPerSecond: perSecond(good.requests), outputTokensPerSecond: perSecond(good.tokens)},
		};
		steps.push(step);
		files.stepDone(steps, answers);
		update({steps: [...steps]});
		onStep(step);
		return step;
	};

	/** The search on one endpoint, to its answer. */
	const search = async (spec: EndpointSpec, index: number): Promise<SweepAnswer> => {
		/** The step that decides a load (a borderline one measured again); undefined when stopped. */
		const decide = async (load: number) => {
			const step = await measure(spec, index, load, {repeat: false, calibration: false});
			return step?.verdict === 'borderline' ? measure(spec, index, load, {repeat: true, calibration: false}) : step;
		};

		// Rates start from what one request at a time achieves; concurrency from 1.
		const calibration = rateMode ? await measure(spec, index, 1, {repeat: false, calibration: true}) : undefined;
		const first = rateMode ? roundRate(calibration?.stats.requestsPerSecond ?? 0) : 1;
		const max = rateMode ? settings.maxRate : settings.maxConcurrency;
		const {resolution} = settings;
		const floor = rateMode ? 0.1 : 1;
		const closeEnough = (low: number, high: number) => high - low <= Math.max(floor, resolution.share === undefined ? resolution.step : low * resolution.share);
		const middleOf = (low: number, high: number) => (rateMode ? roundRate((low + high) / 2) : Math.floor((low + high) / 2));
		let best = 0;
		let broke: number | undefined;
		let stoppedBy: StoppedBy = 'maximum';
		for (let load = first; load > 0 && load <= max;) {
			const step = await decide(load);
			if (!step) break;
			if (step.verdict !== 'pass') {
				broke = load;
				stoppedBy = 'slo';
				break;
			}

			best = load;
			if (step.saturated) {
				stoppedBy = 'saturation';
				break;
			}

			if (load >= max) break;
			load = Math.min(max, load * 2);
		}

		while (!stopped && broke !== undefined && !closeEnough(best, broke)) {
			const middle = middleOf(best, broke);
			if (middle <= best || middle >= broke) break;
			const step = await decide(middle);
			if (!step) break;
			if (step.verdict === 'pass') best = middle;
			else broke = middle;
		}

		const mine = steps.filter((step) => step.endpoint.index === index && !step.calibration);
		const proof = [...mine].reverse().find((step) => loadOf(step) === best && step.verdict === 'pass');
		return {
			endpoint: spec.name,
			mode: settings.mode,
			load: best > 0 ? best : null,
			step: proof?.number ?? null,
			firstFailing: broke ?? null,
			stoppedBy: stopped ? 'stopped' : stoppedBy,
			knee: kneeOf(mine.map(curvePoint)),
			requestsPerSecond: proof ? proof.stats.requestsPerSecond : null,
			goodput: proof?.goodput ?? null,
		};
	};

	let mockUrl: string | undefined;
	const run = async (): Promise<SweepResult> => {
		plan = await withSyntheticPrompts(plan);
		// The page's charts library (~0.5 s to load): before the first step, not between steps.
		const render = outputs.html ? (await import('../report/html-report.js')).htmlReportOf : undefined;
		const {mock, specs} = await prepareEndpoints(plan, mockOptions);
		mockUrl = mock?.url;
		update({endpoints: specs.map((spec) => spec.name)});
		try {
			for (const [index, spec] of specs.entries()) {
				if (stopped) break;
				answers.push(await search(spec, index));
				update({answers: [...answers]});
			}

			const gates = checkCapacityGates(settings.gates, answers);
			const {written, json} = files.finish(steps, answers, {interrupted: stopped, gates, render, mock: mock !== undefined});
			return {steps, answers, gates, interrupted: stopped, written, json};
		} finally {
			files.close();
			await mock?.close();
		}
	};

	return {
		stop: () => {
			stopped = true;
			current?.run.stop();
		},
		done: run(),
		subscribe: (listener) => {
			listeners.add(listener);
			return () => listeners.delete(listener);
		},
		progress: () => progress,
	};
}

/** The load a step put on its endpoint: requests in flight, or requests/s. */
export const loadOf = (step: Pick<SweepStep, 'concurrency' | 'rate'>): number => step.rate ?? step.concurrency;

/**
 * An endpoint's last measurement of each load, the points its curves go through (a borderline load
 * measured again counts its second step; the rate search's single-stream calibration is no load of them).
 */
export function lastPerLoad(steps: readonly SweepStep[], endpoint: number): Map<number, SweepStep> {
	const byLoad = new Map<number, SweepStep>();
	for (const step of steps) if (step.endpoint.index === endpoint && !step.calibration) byLoad.set(loadOf(step), step);
	return byLoad;
}

const curvePoint = (step: Pick<SweepStep, 'concurrency' | 'rate' | 'stats'>): CurvePoint => ({
	load: loadOf(step),
	requestsPerSecond: step.stats.requestsPerSecond,
	latencyMs: (step.rate === undefined ? step.stats.latency : (step.stats.correctedLatency ?? step.stats.latency)).p50,
});
