import type {SweepSettings} from '../plan/sweep-settings.js';
import type {ThresholdStat, TimeMetricName} from '../plan/threshold-grammar.js';
import {lastPerLoad, loadOf, type SweepProgress, type SweepStep} from '../sweep/sweep-types.js';
import type {EndpointStats} from '../stats/endpoint-stats.js';
import type {Distribution} from '../stats/histogram.js';
import {timeMetrics} from '../stats/check-thresholds.js';

/** A line of a chart: one value per load on the x axis, NaN where this endpoint was not measured. */
export type Curve = {readonly label: string; readonly values: readonly number[]};

/** What the sweep screen's two charts draw. */
export type SweepCurves = {
	/** Several endpoints: each curve is one endpoint, the same in both charts. */
	readonly compared: boolean;
	/** Every load measured, in order: the x axis. */
	readonly loads: readonly number[];
	/** E.g. `ttft (from the scheduled send)`. */
	readonly metric: string;
	readonly latency: readonly Curve[];
	/** The charted SLO's limit, ms, drawn as a line. */
	readonly limit: number | undefined;
	readonly throughput: readonly Curve[];
};

/** The SLO the chart follows: the first on a time metric's percentile (latency p50/p95 when none is). */
export function chartedSlo(settings: SweepSettings): {metric: TimeMetricName; stat: ThresholdStat; limit: number | undefined} {
	for (const slo of settings.slos) if (slo.stat !== undefined) return {metric: slo.metric, stat: slo.stat, limit: slo.value};
	return {metric: 'latency', stat: 'p95', limit: undefined};
}

/** In rate mode latency and TTFT are judged from the scheduled send, and so drawn. */
export const distributionOf = (stats: EndpointStats, metric: TimeMetricName, rateMode: boolean): Distribution | null => {
	if (rateMode && metric === 'latency') return stats.correctedLatency ?? stats.latency;
	if (rateMode && metric === 'ttft') return stats.correctedTtft ?? stats.ttft;
	return timeMetrics[metric](stats);
};

export function sweepCurves(progress: SweepProgress, settings: SweepSettings): SweepCurves {
	const rateMode = settings.mode === 'rate';
	const {metric, stat, limit} = chartedSlo(settings);
	const loads = [...new Set(progress.steps.filter((step) => !step.calibration).map(loadOf))].sort((a, b) => a - b);
	const endpoints = progress.endpoints.map((name, index) => ({name, byLoad: lastPerLoad(progress.steps, index)}));
	const along = (byLoad: Map<number, SweepStep>, read: (step: SweepStep) => number | undefined) =>
		loads.map((load) => {
			const step = byLoad.get(load);
			return step === undefined ? Number.NaN : (read(step) ?? Number.NaN);
		});
	const percentile = (which: ThresholdStat) => (step: SweepStep) => distributionOf(step.stats, metric, rateMode)?.[which];
	const only = endpoints.length === 1 ? endpoints[0] : undefined;
	const latency = only
		? [
				{label: `${metric} ${stat}`, values: along(only.byLoad, percentile(stat))},
				...(stat === 'p50' ? [] : [{label: `${metric} p50`, values: along(only.byLoad, percentile('p50'))}]),
			]
		: endpoints.map(({name, byLoad}) => ({label: name, values: along(byLoad, percentile(stat))}));
	const throughput = only
		? [
				{label: 'req/s', values: along(only.byLoad, (step) => step.stats.requestsPerSecond)},
				{label: 'goodput', values: along(only.byLoad, (step) => step.goodput.requestsPerSecond)},
			]
		: endpoints.map(({name, byLoad}) => ({label: name, values: along(byLoad, (step) => step.stats.requestsPerSecond)}));
	return {
		compared: !only,
		loads,
		metric: `${metric}${rateMode && (metric === 'latency' || metric === 'ttft') ? ' from the scheduled send' : ''}`,
		latency,
		limit,
		throughput,
	};
}

/** `concurrency 8`, `rate 32.5/s`, `one at a time`. */
export const stepLoad = (step: SweepStep): string =>
	step.calibration ? 'one at a time' : step.rate === undefined ? `${step.concurrency} in flight` : `${step.rate}/s`;
