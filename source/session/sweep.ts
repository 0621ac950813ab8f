import type {RunPlan} from '../plan/run-plan.js';
import {rateModeConcurrency} from '../plan/draft.js';
import {rateResolution} from '../plan/sweep.js';
import type {MockOptions} from '../mock/server.js';
import {judgeSlos, meetsSlos, type SloJudgement, type SloVerdict, stepVerdict} from '../report/judge-slo.js';
import type {EndpointStats} from '../stats/endpoint-stats.js';
import type {JsonSummary} from '../output/json.js';
import {measureAndRecord, type Measuring} from './measure.js';
import {prepareEndpoints} from './session.js';

/** One load measured: its figures, each SLO judged, and what that makes of the step. */
export type SweepStep = {
	readonly number: number;
	/** Requests in flight (the cap on them, in rate mode). */
	readonly concurrency: number;
	/** Rate mode: requests per second sent. */
	readonly rate?: number;
	/** Rate mode's first step: one request at a time, to find the single-stream rate the search starts from. */
	readonly calibration?: boolean;
	readonly verdict: SloVerdict;
	readonly judgements: readonly SloJudgement[];
	readonly stats: EndpointStats;
	/** The step's endpoint as the JSON summary writes it, histograms included. */
	readonly json: JsonSummary['endpoints'][number];
	/** A borderline step measured a second time. */
	readonly repeat: boolean;
	/** Requests that met every per-request SLO (succeeded, within each latency/TTFT limit), per second, and their output tokens per second. */
	readonly goodput: {readonly requestsPerSecond: number; readonly outputTokensPerSecond: number};
};

export type SweepAnswer = {
	readonly mode: 'concurrency' | 'rate';
	/** The most load (requests in flight, or requests/s) that held every SLO with confidence; null when even the first did not. */
	readonly load: number | null;
	/** The step that proves it, and the lowest load that failed (null when none failed up to the maximum). */
	readonly step: number | null;
	readonly firstFailing: number | null;
	/** Requests/s at the answer's step, and its goodput. */
	readonly requestsPerSecond: number | null;
	readonly goodput: SweepStep['goodput'] | null;
};

export type SweepResult = {readonly steps: readonly SweepStep[]; readonly answer: SweepAnswer; readonly interrupted: boolean};

export type SweepRun = {
	/** Stops at once: the step being measured is dropped, the finished ones and the answer so far kept. */
	readonly stop: () => void;
	readonly done: Promise<SweepResult>;
};

/** Rates are tried to a tenth of a request per second. */
const roundRate = (rate: number): number => Math.round(rate * 10) / 10;

/** Resamples for each judged percentile of a step. */
const judgeIterations = 1000;

/**
 * Capacity search on one endpoint: concurrency 1, 2, 4, … (or, in rate mode, the single-stream rate
 * measured first, then twice, four times that …) up to the maximum, a fixed time each after a short
 * warm-up, until a step breaks an SLO; then bisection between the last load that held and the first
 * that broke, to one request in flight (or 5 % of the rate). A borderline step (an interval across a
 * limit) is measured once more, and counts as broken if it is borderline again. Rate steps are judged
 * from each request's scheduled send, so a queue in front of the server cannot hide.
 */
export function startSweep(plan: RunPlan, mockOptions: Partial<MockOptions>, onStep: (step: SweepStep) => void): SweepRun {
	const settings = plan.sweep;
	if (!settings) throw new Error('no --sweep in the plan');
	let stopped = false;
	let current: Measuring | undefined;
	const steps: SweepStep[] = [];

	const run = async (): Promise<SweepResult> => {
		const {mock, specs} = await prepareEndpoints(plan, mockOptions);
		try {
			if (specs.length !== 1) {
				throw new Error(
					`--sweep measures one endpoint; this plan has ${specs.length}: pick one with --pipeline, --provider and a single target, or one direct endpoint`,
				);
			}

			const rateMode = settings.mode === 'rate';
			/** Measures one load (twice when borderline); undefined when stopped meanwhile. */
			const measure = async (load: number, {repeat = false, calibration = false} = {}): Promise<SweepStep | undefined> => {
				const open = rateMode && !calibration;
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
				const measuring = await measureAndRecord({plan: stepPlan, specs, outputs: {}, mock: Boolean(mock)});
				current = measuring;
				// Goodput: each request held to the SLOs on its own, as it completes (warm-up requests are never emitted).
				const good = {requests: 0, tokens: 0};
				measuring.run.subscribe((event) => {
					if (event.type !== 'sample' || !meetsSlos(event.sample, settings.slos, open)) return;
					good.requests++;
					good.tokens += event.sample.tokens?.output ?? 0;
				});
				if (stopped) measuring.run.stop();
				const result = await measuring.finish();
				current = undefined;
				if (result.run.interrupted || stopped) return undefined;
				const stats = result.snapshot.endpoints[0];
				const json = result.json.endpoints[0];
				if (!stats || !json) return undefined;
				const judgements = judgeSlos(settings.slos, stats, (metric) => measuring.recorder.store.histogramOf(0, metric), {
					iterations: judgeIterations,
					corrected: open,
				});
				const step: SweepStep = {
					number: steps.length + 1,
					concurrency,
					...(open ? {rate: load} : {}),
					...(calibration ? {calibration} : {}),
					verdict: stepVerdict(judgements),
					judgements,
					stats,
					json,
					repeat,
					goodput: {
						requestsPerSecond: stats.elapsedMs > 0 ? good.requests / (stats.elapsedMs / 1000) : 0,
						outputTokensPerSecond: stats.elapsedMs > 0 ? good.tokens / (stats.elapsedMs / 1000) : 0,
					},
				};
				steps.push(step);
				onStep(step);
				return step;
			};

			/** True when the load holds every SLO; undefined when stopped. */
			const holds = async (load: number): Promise<boolean | undefined> => {
				let step = await measure(load);
				if (step?.verdict === 'borderline') step = await measure(load, {repeat: true});
				return step === undefined ? undefined : step.verdict === 'pass';
			};

			// Rates start from what one request at a time achieves; concurrency from 1.
			const calibration = rateMode ? await measure(1, {calibration: true}) : undefined;
			const first = rateMode ? roundRate(calibration?.stats.requestsPerSecond ?? 0) : 1;
			const max = rateMode ? settings.maxRate : settings.maxConcurrency;
			const middleOf = (low: number, high: number) => (rateMode ? roundRate((low + high) / 2) : Math.floor((low + high) / 2));
			const closeEnough = (low: number, high: number) => (rateMode ? high - low <= Math.max(0.1, low * rateResolution) : high - low <= 1);
			let best = 0;
			let broke: number | undefined;
			for (let load = first; !stopped && load > 0 && load <= max && broke === undefined;) {
				const held = await holds(load);
				if (held === undefined) break;
				if (!held) broke = load;
				else {
					best = load;
					load = load >= max ? Number.POSITIVE_INFINITY : Math.min(max, load * 2);
				}
			}

			while (!stopped && broke !== undefined && !closeEnough(best, broke)) {
				const middle = middleOf(best, broke);
				if (middle <= best || middle >= broke) break;
				const held = await holds(middle);
				if (held === undefined) break;
				if (held) best = middle;
				else broke = middle;
			}

			const loadOf = (step: SweepStep) => (rateMode ? step.rate : step.concurrency);
			const proof = [...steps].reverse().find((step) => !step.calibration && loadOf(step) === best && step.verdict === 'pass');
			return {
				steps,
				interrupted: stopped,
				answer: {
					mode: settings.mode,
					load: best > 0 ? best : null,
					step: proof?.number ?? null,
					firstFailing: broke ?? null,
					requestsPerSecond: proof ? proof.stats.requestsPerSecond : null,
					goodput: proof?.goodput ?? null,
				},
			};
		} finally {
			await mock?.close();
		}
	};

	return {
		stop: () => {
			stopped = true;
			current?.run.stop();
		},
		done: run(),
	};
}
