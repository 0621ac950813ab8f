import type {AddedSlo} from '../plan/added-slo.js';
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

/** What the chart follows: a time metric's percentile, or (an overhead sweep) a percentile of what each gateway adds. */
type Charted =
	| {readonly added?: undefined; readonly metric: TimeMetricName; readonly stat: ThresholdStat; readonly limit: number | undefined}
	| {readonly added: AddedSlo; readonly limit: number};

/** The SLO the chart follows: the first budget on what a gateway adds, else the first on a time metric's percentile (latency p50/p95 when none is). */
export function chartedSlo(settings: SweepSettings): Charted {
	const [added] = settings.added;
	if (added) return {added, limit: added.value};
	for (const slo of settings.slos) if (slo.stat !== undefined) return {metric: slo.metric, stat: slo.stat, limit: slo.value};
	return {metric: 'latency', stat: 'p95', limit: undefined};
}

/** A percentile of the differences a gateway's step added over its upstream, ms. */
const addedAt = (step: SweepStep, metric: AddedSlo['metric'], percentile: number): number | undefined =>
	step.overhead?.comparison.paired?.metrics[metric]?.figures.find((figure) => figure.percentile === percentile)?.differenceMs;

/** The chart's line(s) for one endpoint, and the metric's name. */
function latencyReader(charted: Charted, rateMode: boolean): {name: string; lines: Array<{label: string; read: (step: SweepStep) => number | undefined}>} {
	if (charted.added) {
		const {metric, percentile} = charted.added;
		const name = `added ${metric === 'latency' ? 'latency' : metric}`;
		const at = (which: number) => ({label: `${name} p${which}`, read: (step: SweepStep) => addedAt(step, metric, which)});
		return {name, lines: percentile === 50 ? [at(50)] : [at(percentile), at(50)]};
	}

	const {metric, stat} = charted;
	const at = (which: ThresholdStat) => ({label: `${metric} ${which}`, read: (step: SweepStep) => distributionOf(step.stats, metric, rateMode)?.[which]});
	const name = `${metric}${rateMode && (metric === 'latency' || metric === 'ttft') ? ' from the scheduled send' : ''}`;
	return {name, lines: stat === 'p50' ? [at(stat)] : [at(stat), at('p50')]};
}

/** In rate mode latency and TTFT are judged from the scheduled send, and so drawn. */
export const distributionOf = (stats: EndpointStats, metric: TimeMetricName, rateMode: boolean): Distribution | null => {
	if (rateMode && metric === 'latency') return stats.correctedLatency ?? stats.latency;
	if (rateMode && metric === 'ttft') return stats.correctedTtft ?? stats.ttft;
	return timeMetrics[metric](stats);
};

export function sweepCurves(progress: SweepProgress, settings: SweepSettings): SweepCurves {
	const rateMode = settings.mode === 'rate';
	const charted = chartedSlo(settings);
	const reader = latencyReader(charted, rateMode);
	const loads = [...new Set(progress.steps.filter((step) => !step.calibration).map(loadOf))].sort((a, b) => a - b);
	const endpoints = progress.endpoints.map((name, index) => ({name, byLoad: lastPerLoad(progress.steps, index)}));
	const along = (byLoad: Map<number, SweepStep>, read: (step: SweepStep) => number | undefined) =>
		loads.map((load) => {
			const step = byLoad.get(load);
			return step === undefined ? Number.NaN : (read(step) ?? Number.NaN);
		});
	const only = endpoints.length === 1 ? endpoints[0] : undefined;
	const [judged] = reader.lines;
	const latency = only
		? reader.lines.map(({label, read}) => ({label, values: along(only.byLoad, read)}))
		: endpoints.map(({name, byLoad}) => ({label: name, values: judged ? along(byLoad, judged.read) : []}));
	const throughput = only
		? [
				{label: 'req/s', values: along(only.byLoad, (step) => step.stats.requestsPerSecond)},
				{label: 'goodput', values: along(only.byLoad, (step) => step.goodput.requestsPerSecond)},
			]
		: endpoints.map(({name, byLoad}) => ({label: name, values: along(byLoad, (step) => step.stats.requestsPerSecond)}));
	return {
		compared: !only,
		loads,
		metric: reader.name,
		latency,
		limit: charted.limit,
		throughput,
	};
}

/** `concurrency 8`, `rate 32.5/s`, `one at a time`. */
export const stepLoad = (step: SweepStep): string =>
	step.calibration ? 'one at a time' : step.rate === undefined ? `${step.concurrency} in flight` : `${step.rate}/s`;
