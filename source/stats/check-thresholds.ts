import type {ScalarMetricName, Threshold, TimeMetricName} from '../plan/threshold-grammar.js';
import type {EndpointStats} from './endpoint-stats.js';
import type {Distribution} from './histogram.js';

export type ThresholdResult = {
	readonly threshold: Threshold;
	readonly endpoint: string;
	/** NaN when no endpoint has the metric. */
	readonly actual: number;
	readonly pass: boolean;
};

/** Where each time metric of the threshold grammar is read from an endpoint's figures. */
export const timeMetrics: Readonly<Record<TimeMetricName, (stats: EndpointStats) => Distribution | null>> = {
	latency: (stats) => (stats.successful > 0 ? stats.latency : null),
	corrected: (stats) => stats.correctedLatency,
	ttfb: (stats) => stats.ttfb,
	ttft: (stats) => stats.ttft,
	ttfa: (stats) => stats.ttfa,
	itl: (stats) => stats.interToken,
	tpot: (stats) => stats.tpot,
	stall: (stats) => stats.longestStall,
	tail: (stats) => stats.tail,
	probe: (stats) => stats.probe?.latency ?? null,
};

const percentOf = (part: number, whole: number) => (whole > 0 ? (part / whole) * 100 : undefined);
const scalarMetrics: Readonly<Record<ScalarMetricName, (stats: EndpointStats) => number | undefined>> = {
	success: (stats) => percentOf(stats.successful, stats.requests),
	error_rate: (stats) => percentOf(stats.failed, stats.requests),
	errors: (stats) => stats.failed,
	rps: (stats) => stats.requestsPerSecond,
	tokens_per_second: (stats) => stats.outputTokens?.perSecond,
	behind: (stats) => stats.schedule?.behind,
};

/** A figure on the right side of a limit. */
export const holds = (actual: number, op: Threshold['op'], limit: number): boolean =>
	op === '<' ? actual < limit : op === '<=' ? actual <= limit : op === '>' ? actual > limit : actual >= limit;

const actualOf = (threshold: Threshold, stats: EndpointStats): number | undefined =>
	threshold.stat === undefined ? scalarMetrics[threshold.metric](stats) : timeMetrics[threshold.metric](stats)?.[threshold.stat];

/** Results for every endpoint that has the metric; a threshold that applies nowhere fails once with NaN. */
export function checkThresholds(thresholds: readonly Threshold[], endpoints: readonly EndpointStats[]): ThresholdResult[] {
	const results: ThresholdResult[] = [];
	for (const threshold of thresholds) {
		const before = results.length;
		for (const stats of endpoints) {
			const actual = actualOf(threshold, stats);
			if (actual === undefined) continue;
			results.push({threshold, endpoint: stats.info.name, actual, pass: holds(actual, threshold.op, threshold.value)});
		}

		if (results.length === before) results.push({threshold, endpoint: '(no endpoint has this metric)', actual: Number.NaN, pass: false});
	}

	return results;
}
