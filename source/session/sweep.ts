import type {RunPlan} from '../plan/run-plan.js';
import type {MockOptions} from '../mock/server.js';
import {judgeSlos, type SloJudgement, type SloVerdict, stepVerdict} from '../report/judge-slo.js';
import type {EndpointStats} from '../stats/endpoint-stats.js';
import type {JsonSummary} from '../output/json.js';
import {measureAndRecord, type Measuring} from './measure.js';
import {prepareEndpoints} from './session.js';

/** One load measured: its figures, each SLO judged, and what that makes of the step. */
export type SweepStep = {
	readonly number: number;
	readonly concurrency: number;
	readonly verdict: SloVerdict;
	readonly judgements: readonly SloJudgement[];
	readonly stats: EndpointStats;
	/** The step's endpoint as the JSON summary writes it, histograms included. */
	readonly json: JsonSummary['endpoints'][number];
	/** A borderline step measured a second time. */
	readonly repeat: boolean;
};

export type SweepAnswer = {
	/** The most requests in flight that held every SLO with confidence; null when even 1 did not. */
	readonly concurrency: number | null;
	/** The step that proves it, and the lowest load that failed (null when none failed up to the maximum). */
	readonly step: number | null;
	readonly firstFailing: number | null;
	/** Requests/s at the answer's step. */
	readonly requestsPerSecond: number | null;
};

export type SweepResult = {readonly steps: readonly SweepStep[]; readonly answer: SweepAnswer; readonly interrupted: boolean};

export type SweepRun = {
	/** Stops at once: the step being measured is dropped, the finished ones and the answer so far kept. */
	readonly stop: () => void;
	readonly done: Promise<SweepResult>;
};

/** Resamples for each judged percentile of a step. */
const judgeIterations = 1000;

/**
 * Capacity search on one endpoint: concurrency 1, 2, 4, … (up to the maximum) for a fixed time each,
 * after a warm-up of one request per worker, until a step breaks an SLO; then bisection between the
 * last load that held and the first that broke, to one request in flight. A borderline step (an
 * interval across a limit) is measured once more, and counts as broken if it is borderline again.
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

			/** Measures one load (twice when borderline); undefined when stopped meanwhile. */
			const measure = async (concurrency: number, repeat = false): Promise<SweepStep | undefined> => {
				const stepPlan: RunPlan = {
					...plan,
					concurrency,
					requests: undefined,
					durationMs: settings.stepMs,
					rate: undefined,
					warmup: Math.max(plan.warmup, concurrency),
					interleave: false,
					thresholds: [],
				};
				const measuring = await measureAndRecord({plan: stepPlan, specs, outputs: {}, mock: Boolean(mock)});
				current = measuring;
				if (stopped) measuring.run.stop();
				const result = await measuring.finish();
				current = undefined;
				if (result.run.interrupted || stopped) return undefined;
				const stats = result.snapshot.endpoints[0];
				const json = result.json.endpoints[0];
				if (!stats || !json) return undefined;
				const judgements = judgeSlos(settings.slos, stats, (metric) => measuring.recorder.store.histogramOf(0, metric), {iterations: judgeIterations});
				const step: SweepStep = {number: steps.length + 1, concurrency, verdict: stepVerdict(judgements), judgements, stats, json, repeat};
				steps.push(step);
				onStep(step);
				return step;
			};

			/** True when the load holds every SLO; undefined when stopped. */
			const holds = async (concurrency: number): Promise<boolean | undefined> => {
				let step = await measure(concurrency);
				if (step?.verdict === 'borderline') step = await measure(concurrency, true);
				return step === undefined ? undefined : step.verdict === 'pass';
			};

			let best = 0;
			let broke: number | undefined;
			for (let load = 1; load <= settings.maxConcurrency && broke === undefined;) {
				const held = await holds(load);
				if (held === undefined) break;
				if (!held) broke = load;
				else {
					best = load;
					load = load === settings.maxConcurrency ? load + 1 : Math.min(settings.maxConcurrency, load * 2);
				}
			}

			while (!stopped && broke !== undefined && broke - best > 1) {
				const middle = Math.floor((best + broke) / 2);
				const held = await holds(middle);
				if (held === undefined) break;
				if (held) best = middle;
				else broke = middle;
			}

			const proof = [...steps].reverse().find((step) => step.concurrency === best && step.verdict === 'pass');
			return {
				steps,
				interrupted: stopped,
				answer: {
					concurrency: best > 0 ? best : null,
					step: proof?.number ?? null,
					firstFailing: broke ?? null,
					requestsPerSecond: proof ? proof.stats.requestsPerSecond : null,
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
