import type {SweepResolution} from '../plan/sweep-settings.js';
import type {SloVerdict} from '../stats/judge-slo.js';
import {type CurvePoint, kneeOf, saturated} from '../stats/sweep-curve.js';
import {loadOf, type StoppedBy, type SweepStep} from './sweep-types.js';

/** What the search needs to know of a measured step to choose the next load. */
export type StepOutcome = {readonly verdict: SloVerdict; readonly saturated: boolean};

/** The next load to measure; `repeat` when it is a borderline load measured a second time. */
export type NextLoad = {readonly load: number; readonly repeat: boolean};

export type PolicyBounds = {
	readonly mode: 'concurrency' | 'rate';
	/** The first load: 1 in flight, or the single-stream rate the calibration measured. */
	readonly first: number;
	readonly max: number;
	readonly resolution: SweepResolution;
};

/** Rates are tried to a tenth of a request per second. */
export const roundRate = (rate: number): number => Math.round(rate * 10) / 10;

/**
 * Where the search on one endpoint goes next, with no server and no clock: loads double from the
 * first until a step breaks an SLO, saturates or reaches the maximum; then bisection between the
 * last load that held and the first that broke, to the resolution. A borderline step is measured
 * once more, and counts as broken if it is borderline again.
 *
 * `next()` names the load to measure (undefined once the search is over); `record()` takes what
 * that step showed.
 */
export class StepPolicy {
	/** The most load that held, 0 while none has. */
	best = 0;
	/** The least load that broke, if one has. */
	broke: number | undefined;
	stoppedBy: Exclude<StoppedBy, 'stopped'> = 'maximum';
	/** What `next()` names; undefined once the search is over. */
	private pending: NextLoad | undefined;
	private bisecting = false;
	private readonly bounds: PolicyBounds;

	constructor(bounds: PolicyBounds) {
		this.bounds = bounds;
		if (bounds.first > 0 && bounds.first <= bounds.max) this.pending = {load: bounds.first, repeat: false};
	}

	next(): NextLoad | undefined {
		return this.pending;
	}

	record(outcome: StepOutcome): void {
		const asked = this.pending;
		if (!asked) return;
		if (outcome.verdict === 'borderline' && !asked.repeat) {
			this.pending = {load: asked.load, repeat: true};
			return;
		}

		const held = outcome.verdict === 'pass';
		if (this.bisecting) {
			if (held) this.best = asked.load;
			else this.broke = asked.load;
			this.bisect();
			return;
		}

		if (!held) {
			this.broke = asked.load;
			this.stoppedBy = 'slo';
			this.bisecting = true;
			this.bisect();
			return;
		}

		this.best = asked.load;
		if (outcome.saturated) this.stoppedBy = 'saturation';
		else if (asked.load < this.bounds.max) {
			this.pending = {load: Math.min(this.bounds.max, asked.load * 2), repeat: false};
			return;
		}

		this.end();
	}

	private bisect(): void {
		const {best, broke} = this;
		if (broke === undefined || this.closeEnough(best, broke)) return this.end();
		const middle = this.bounds.mode === 'rate' ? roundRate((best + broke) / 2) : Math.floor((best + broke) / 2);
		if (middle <= best || middle >= broke) return this.end();
		this.pending = {load: middle, repeat: false};
	}

	private closeEnough(low: number, high: number): boolean {
		const {mode, resolution} = this.bounds;
		const floor = mode === 'rate' ? 0.1 : 1;
		return high - low <= Math.max(floor, resolution.share === undefined ? resolution.step : low * resolution.share);
	}

	private end(): void {
		this.pending = undefined;
	}
}

/** A step as the curve of throughput and latency against load sees it (latency from the scheduled send in rate mode). */
export const curvePoint = (step: Pick<SweepStep, 'concurrency' | 'rate' | 'stats'>): CurvePoint => ({
	load: loadOf(step),
	requestsPerSecond: step.stats.requestsPerSecond,
	latencyMs: (step.rate === undefined ? step.stats.latency : (step.stats.correctedLatency ?? step.stats.latency)).p50,
});

/** A step is saturated against the last step of its endpoint that held (calibrations aside); the first never is. */
export function saturatedAfter(steps: readonly SweepStep[], endpoint: number, step: Pick<SweepStep, 'concurrency' | 'rate' | 'stats'>): boolean {
	const before = [...steps].reverse().find((candidate) => candidate.endpoint.index === endpoint && !candidate.calibration && candidate.verdict === 'pass');
	return before !== undefined && saturated(curvePoint(before), curvePoint(step));
}

/** Where more load stops paying on one endpoint's steps. */
export const kneeOfSteps = (steps: readonly SweepStep[]): number | null => kneeOf(steps.map(curvePoint));
