import type {Histogram} from 'hdr-histogram-js';
import type {Sample} from '../engine/endpoint.js';
import type {Threshold, TimeMetricName} from '../plan/threshold-grammar.js';
import type {MetricName} from './accumulator.js';
import type {EndpointStats} from './endpoint-stats.js';
import {checkThresholds, holds} from './check-thresholds.js';
import {distributionPercentiles} from './histogram.js';
import {type BootstrapOptions, percentileInterval} from './bootstrap.js';

/** Held with confidence, broken with confidence, or too close to tell. */
export type SloVerdict = 'pass' | 'fail' | 'borderline';

export type SloJudgement = {
	readonly expression: string;
	/** The step's own figure (ms for times, as `--threshold` reads them). */
	readonly actual: number;
	/** For percentiles: the bootstrap 95% interval of the figure. */
	readonly low?: number;
	readonly high?: number;
	readonly verdict: SloVerdict;
};

/** Where each time metric of the threshold grammar is kept. */
const histogramNames: Readonly<Record<TimeMetricName, MetricName>> = {
	latency: 'latency',
	corrected: 'corrected',
	ttfb: 'ttfb',
	ttft: 'ttft',
	ttfa: 'ttfa',
	itl: 'interToken',
	tpot: 'tpot',
	stall: 'stall',
	tail: 'tail',
	probe: 'probe',
};

/** The same metrics from the scheduled send, where gatebench keeps them (rate mode). */
const correctedNames: Partial<Record<TimeMetricName, MetricName>> = {latency: 'corrected', ttft: 'correctedTtft'};

/**
 * Each SLO on one endpoint's step. A percentile holds only when its whole bootstrap interval is on
 * the right side of the limit, and breaks only when all of it is on the wrong side; in between it is
 * borderline. Other figures (averages, maxima, success rates) are judged as they are.
 */
export function judgeSlos(
	slos: readonly Threshold[],
	stats: EndpointStats,
	histogramOf: (metric: MetricName) => Histogram | undefined,
	options: BootstrapOptions & {readonly corrected?: boolean} = {},
): SloJudgement[] {
	return slos.map((slo) => {
		const [result] = checkThresholds([slo], [stats]);
		const point: SloVerdict = result?.pass ? 'pass' : 'fail';
		const at = slo.stat === undefined ? undefined : distributionPercentiles[slo.stat];
		// Open loop: latency and TTFT count from the scheduled send, so a queue in front of the server shows.
		const name =
			slo.stat === undefined ? undefined : options.corrected ? (correctedNames[slo.metric] ?? histogramNames[slo.metric]) : histogramNames[slo.metric];
		const histogram = name === undefined || at === undefined ? undefined : histogramOf(name);
		if (!histogram || at === undefined || histogram.totalCount === 0) return {expression: slo.text, actual: result?.actual ?? Number.NaN, verdict: point};
		const {valueMs: actual, low, high} = percentileInterval(histogram, at, options);
		const under = slo.op === '<' || slo.op === '<=';
		const met = (value: number) => holds(value, slo.op, slo.value);
		// The side of the interval nearer the limit decides a pass, the farther one a fail.
		const verdict: SloVerdict = met(under ? high : low) ? 'pass' : !met(under ? low : high) ? 'fail' : 'borderline';
		return {expression: slo.text, actual, low, high, verdict};
	});
}

/** A step's verdict: any SLO broken breaks it; any too close to tell makes it borderline. */
export const stepVerdict = (judgements: readonly SloJudgement[]): SloVerdict =>
	judgements.some((judgement) => judgement.verdict === 'fail')
		? 'fail'
		: judgements.some((judgement) => judgement.verdict === 'borderline')
			? 'borderline'
			: 'pass';

/** The time SLOs a single request can meet or miss, read from its sample (µs). */
const perRequest: Partial<Record<TimeMetricName, (sample: Sample) => number | undefined>> = {
	latency: (sample) => sample.durationUs,
	ttft: (sample) => sample.ttftUs,
	ttfb: (sample) => sample.ttfbUs,
	ttfa: (sample) => sample.ttfaUs,
};

/**
 * Whether one request met every SLO it can be held to on its own (goodput counts these): it
 * succeeded, and its latency, TTFT, TTFB and TTFA (from the scheduled send when `corrected`) are
 * within each limit. Other SLOs (rates, token gaps) judge a step as a whole, not a request.
 */
export function meetsSlos(sample: Sample, slos: readonly Threshold[], corrected: boolean): boolean {
	if (sample.outcome !== 'ok') return false;
	for (const slo of slos) {
		const read = slo.stat === undefined ? undefined : perRequest[slo.metric];
		const us = read?.(sample);
		if (us === undefined) continue;
		const lagUs = corrected && (slo.metric === 'latency' || slo.metric === 'ttft') ? (sample.scheduleLagUs ?? 0) : 0;
		const ms = (us + lagUs) / 1000;
		if (!holds(ms, slo.op, slo.value)) return false;
	}

	return true;
}
