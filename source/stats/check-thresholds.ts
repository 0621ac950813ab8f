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
	// Of the requests let run to their end: one cancelled on purpose neither succeeded nor failed.
	success: (stats) => percentOf(stats.successful, stats.requests - (stats.cancelled?.requests ?? 0)),
	error_rate: (stats) => percentOf(stats.failed, stats.requests - (stats.cancelled?.requests ?? 0)),
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

/** What the plan's endpoints are, as far as which metrics they can have. */
export type PlannedEndpoint = {readonly kind: string; readonly stream: boolean | null};

/** Metrics only streamed completions have: tokens arrive one by one. */
const streamOnly = new Set<string>(['ttft', 'ttfa', 'itl', 'tpot', 'stall', 'tail']);

/**
 * The first threshold (or SLO) no endpoint of the plan can ever have a figure for, with why: TTFT
 * without a stream, the schedule without a rate, the probe without `--probe`. A usage error before
 * anything is sent, rather than a gate that fails at the end for want of data.
 */
export function impossibleThreshold(
	thresholds: readonly Threshold[],
	endpoints: readonly PlannedEndpoint[],
	load: {readonly rate?: number; readonly probe: boolean},
): string | undefined {
	const streamed = endpoints.some((endpoint) => endpoint.kind === 'completions' && endpoint.stream === true);
	const completions = endpoints.some((endpoint) => endpoint.kind === 'completions');
	for (const threshold of thresholds) {
		const {metric} = threshold;
		if (streamOnly.has(metric) && !streamed) return `${threshold.text}: no endpoint of this run streams completions (add --stream)`;
		if (metric === 'tokens_per_second' && !completions) return `${threshold.text}: no endpoint of this run asks for completions`;
		if ((metric === 'corrected' || metric === 'behind') && load.rate === undefined)
			return `${threshold.text}: only open-loop runs have a schedule to fall behind (add --rate)`;
		if (metric === 'probe' && !load.probe) return `${threshold.text}: the run has no probe (add --probe)`;
	}

	return undefined;
}
