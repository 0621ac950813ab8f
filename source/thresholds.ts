import type {EndpointStats} from './stats/endpoint-stats.js';
import type {Distribution} from './stats/histogram.js';

/**
 * CI gates such as `ttft.p95<800ms`, `latency.p99<2s`, `success>=99%`, `rps>100`.
 * Each is checked on every endpoint that has the metric.
 */
export type Threshold = {
	readonly text: string;
	readonly metric: string;
	readonly stat?: keyof Distribution;
	readonly op: '<' | '<=' | '>' | '>=';
	/** In the metric's unit: ms for times, percent for rates, plain numbers otherwise. */
	readonly value: number;
};

const timeMetrics: Record<string, (stats: EndpointStats) => Distribution | null> = {
	latency: (stats) => (stats.successful > 0 ? stats.latency : null),
	corrected: (stats) => stats.correctedLatency,
	ttfb: (stats) => stats.ttfb,
	ttft: (stats) => stats.ttft,
	itl: (stats) => stats.interToken,
	tpot: (stats) => stats.tpot,
	stall: (stats) => stats.longestStall,
	tail: (stats) => stats.tail,
	probe: (stats) => stats.probe?.latency ?? null,
};

const percentOf = (part: number, whole: number) => (whole > 0 ? (part / whole) * 100 : undefined);
const scalarMetrics: Record<string, {unit: '%' | ''; read: (stats: EndpointStats) => number | undefined}> = {
	success: {unit: '%', read: (stats) => percentOf(stats.successful, stats.requests)},
	error_rate: {unit: '%', read: (stats) => percentOf(stats.failed, stats.requests)},
	errors: {unit: '', read: (stats) => stats.failed},
	rps: {unit: '', read: (stats) => stats.requestsPerSecond},
	tokens_per_second: {unit: '', read: (stats) => stats.outputTokens?.perSecond},
	behind: {unit: '', read: (stats) => stats.schedule?.behind},
};

const stats = new Set(['avg', 'p5', 'p50', 'p75', 'p80', 'p95', 'p99', 'max', 'median']);
const timeUnits: Record<string, number> = {us: 0.001, µs: 0.001, ms: 1, s: 1000, m: 60_000, '': 1};

/** Parses one expression, or returns why it cannot be parsed (one line). */
export function parseThreshold(text: string): Threshold | string {
	const match = /^\s*([a-z_]+)(?:\.([a-z0-9]+))?\s*(<=|>=|<|>)\s*(\d+(?:\.\d+)?)\s*([a-zµ%]*)\s*$/.exec(text);
	if (!match) return `cannot read threshold "${text}" (expected e.g. ttft.p95<800ms or success>=99%)`;
	const [, metric = '', rawStat, op, number, unit = ''] = match;
	const value = Number(number);
	if (timeMetrics[metric]) {
		const stat = rawStat === 'median' ? 'p50' : (rawStat ?? 'p95');
		if (!stats.has(stat)) return `threshold "${text}": unknown statistic "${rawStat}" (use avg, p5, p50, p75, p80, p95, p99 or max)`;
		const scale = timeUnits[unit];
		if (scale === undefined) return `threshold "${text}": unknown time unit "${unit}" (use us, ms, s or m)`;
		return {text: text.trim(), metric, stat: stat as keyof Distribution, op: op as Threshold['op'], value: value * scale};
	}

	const scalar = scalarMetrics[metric];
	if (!scalar) return `threshold "${text}": unknown metric "${metric}" (use ${[...Object.keys(timeMetrics), ...Object.keys(scalarMetrics)].join(', ')})`;
	if (rawStat) return `threshold "${text}": ${metric} takes no statistic`;
	if (unit !== scalar.unit && !(unit === '' && scalar.unit === '%')) return `threshold "${text}": ${metric} is ${scalar.unit ? 'a percentage' : 'a plain number'}`;
	return {text: text.trim(), metric, op: op as Threshold['op'], value};
}

export type ThresholdResult = {
	readonly threshold: Threshold;
	readonly endpoint: string;
	/** Undefined when the endpoint has no such data. */
	readonly actual: number;
	readonly pass: boolean;
};

const holds = (actual: number, op: Threshold['op'], limit: number) =>
	op === '<' ? actual < limit : op === '<=' ? actual <= limit : op === '>' ? actual > limit : actual >= limit;

/** Results for every endpoint that has the metric; a threshold that applies nowhere fails once with NaN. */
export function checkThresholds(thresholds: readonly Threshold[], endpoints: readonly EndpointStats[]): ThresholdResult[] {
	const results: ThresholdResult[] = [];
	for (const threshold of thresholds) {
		const before = results.length;
		for (const stats of endpoints) {
			const actual = threshold.stat ? timeMetrics[threshold.metric]?.(stats)?.[threshold.stat] : scalarMetrics[threshold.metric]?.read(stats);
			if (actual === undefined) continue;
			results.push({threshold, endpoint: stats.info.name, actual, pass: holds(actual, threshold.op, threshold.value)});
		}

		if (results.length === before) results.push({threshold, endpoint: '(no endpoint has this metric)', actual: Number.NaN, pass: false});
	}

	return results;
}
