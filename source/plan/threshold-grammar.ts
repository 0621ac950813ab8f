/** Metrics a threshold may judge by a statistic of their distribution, in ms. */
export const timeMetricNames = ['latency', 'corrected', 'ttfb', 'ttft', 'ttfa', 'itl', 'tpot', 'stall', 'tail', 'probe'] as const;
export type TimeMetricName = (typeof timeMetricNames)[number];

/** Metrics that are one number per endpoint, with their unit. */
export const scalarMetricUnits = {success: '%', error_rate: '%', errors: '', rps: '', tokens_per_second: '', behind: ''} as const;
export type ScalarMetricName = keyof typeof scalarMetricUnits;

export const thresholdStats = ['avg', 'p5', 'p50', 'p75', 'p80', 'p95', 'p99', 'max'] as const;
export type ThresholdStat = (typeof thresholdStats)[number];

/**
 * CI gates such as `ttft.p95<800ms`, `latency.p99<2s`, `success>=99%`, `rps>100`, parsed once
 * with the plan; `stats/check-thresholds.ts` checks them on every endpoint that has the metric.
 */
export type Threshold = {readonly text: string; readonly op: '<' | '<=' | '>' | '>='; readonly value: number} & (
	{readonly metric: TimeMetricName; readonly stat: ThresholdStat} | {readonly metric: ScalarMetricName; readonly stat?: undefined}
);

export const timeUnits: Readonly<Record<string, number>> = {us: 0.001, µs: 0.001, ms: 1, s: 1000, m: 60_000, '': 1};
const isTimeMetric = (name: string): name is TimeMetricName => (timeMetricNames as readonly string[]).includes(name);
const isScalarMetric = (name: string): name is ScalarMetricName => Object.hasOwn(scalarMetricUnits, name);
const isStat = (name: string): name is ThresholdStat => (thresholdStats as readonly string[]).includes(name);

/** Parses one expression (values in ms for times, percent for rates), or returns why it cannot be parsed (one line). */
export function parseThreshold(text: string): Threshold | string {
	const match = /^\s*([a-z_]+)(?:\.([a-z0-9]+))?\s*(<=|>=|<|>)\s*(\d+(?:\.\d+)?)\s*([a-zµ%]*)\s*$/.exec(text);
	if (!match) return `cannot read threshold "${text}" (expected e.g. ttft.p95<800ms or success>=99%)`;
	const [, metric = '', rawStat, rawOp, number, unit = ''] = match;
	const op = rawOp as Threshold['op'];
	const value = Number(number);
	if (isTimeMetric(metric)) {
		const stat = rawStat === 'median' ? 'p50' : (rawStat ?? 'p95');
		if (!isStat(stat)) return `threshold "${text}": unknown statistic "${rawStat}" (use avg, p5, p50, p75, p80, p95, p99 or max)`;
		const scale = timeUnits[unit];
		if (scale === undefined) return `threshold "${text}": unknown time unit "${unit}" (use us, ms, s or m)`;
		return {text: text.trim(), metric, stat, op, value: value * scale};
	}

	if (!isScalarMetric(metric))
		return `threshold "${text}": unknown metric "${metric}" (use ${[...timeMetricNames, ...Object.keys(scalarMetricUnits)].join(', ')})`;
	if (rawStat) return `threshold "${text}": ${metric} takes no statistic`;
	const expected = scalarMetricUnits[metric];
	if (unit !== expected && !(unit === '' && expected === '%')) return `threshold "${text}": ${metric} is ${expected ? 'a percentage' : 'a plain number'}`;
	return {text: text.trim(), metric, op, value};
}
