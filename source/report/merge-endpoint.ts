import type {CancelledTally} from '../stats/endpoint-stats.js';
import type {MetricName} from '../stats/accumulator.js';
import {cacheStats, type TokenStats} from '../stats/endpoint-stats.js';
import {createHistogram} from '../stats/histogram.js';
import {mergeSeries} from '../stats/time-series.js';
import {metricNames, type RunEndpoint, type RunFile, type RunMetric} from './run-types.js';

export type Part = {readonly endpoint: RunEndpoint; readonly run: RunFile};

const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);

/** Runs that were all under way at one instant: machines measuring side by side, not one after another. */
export const overlapping = (runs: readonly RunFile[]): boolean =>
	runs.length <= 1 || Math.max(...runs.map((run) => run.startedAt.getTime())) < Math.min(...runs.map((run) => run.finishedAt.getTime()));

/** Histograms added exactly; totals are integer µs, so their sum is exact too. */
function mergeMetric(parts: readonly Part[], name: MetricName): RunMetric | undefined {
	const found = parts.map((part) => part.endpoint.metrics[name]).filter((metric): metric is RunMetric => metric !== undefined);
	if (found.length === 0) return undefined;
	const histogram = createHistogram();
	for (const metric of found) histogram.add(metric.histogram);
	return {histogram, totalUs: sum(found.map((metric) => metric.totalUs)), maxUs: Math.max(...found.map((metric) => metric.maxUs))};
}

function mergeCounts(records: ReadonlyArray<Readonly<Record<string, number>>>): Record<string, number> {
	const merged: Record<string, number> = {};
	for (const record of records) for (const [key, count] of Object.entries(record)) merged[key] = (merged[key] ?? 0) + count;
	return merged;
}

/**
 * One endpoint measured by several runs, as if by one. Rates of runs side by side add up; runs
 * one after another get the rate over their summed time instead (as does the elapsed time).
 */
export function mergeEndpoint(parts: readonly [Part, ...Part[]]): RunEndpoint {
	const endpoints = parts.map((part) => part.endpoint);
	const concurrent = overlapping(parts.map((part) => part.run));
	const seconds = sum(endpoints.map((endpoint) => endpoint.elapsedMs)) / 1000;
	const rate = (rates: readonly number[], count: number) => (concurrent ? sum(rates) : seconds > 0 ? count / seconds : 0);
	const requests = sum(endpoints.map((endpoint) => endpoint.requests));
	// Send windows: (requests − 1) / send rate per run; side by side the rates add up instead.
	const windows = endpoints.map((endpoint) => (endpoint.sendRate > 0 ? (endpoint.requests - 1) / endpoint.sendRate : 0));
	const sent = sum(endpoints.filter((endpoint) => endpoint.sendRate > 0).map((endpoint) => endpoint.requests - 1));
	const metrics: Partial<Record<MetricName, RunMetric>> = {};
	for (const name of metricNames) {
		const merged = mergeMetric(parts, name);
		if (merged) metrics[name] = merged;
	}

	const tokens = endpoints.map((endpoint) => endpoint.outputTokens).filter((stats): stats is TokenStats => stats !== null);
	const total = sum(tokens.map((stats) => stats.total));
	const schedules = endpoints.flatMap((endpoint) => (endpoint.schedule ? [endpoint.schedule] : []));
	const probed = endpoints.filter((endpoint) => endpoint.probeFailed !== null);
	const latest = [...parts].sort((a, b) => a.run.finishedAt.getTime() - b.run.finishedAt.getTime()).reverse();
	return {
		info: parts[0].endpoint.info,
		series:
			mergeSeries(
				endpoints.flatMap((endpoint) => (endpoint.series ? [endpoint.series] : [])),
				concurrent,
			) ?? null,
		requests,
		successful: sum(endpoints.map((endpoint) => endpoint.successful)),
		failed: sum(endpoints.map((endpoint) => endpoint.failed)),
		cancelled: mergeCancelled(endpoints.map((endpoint) => endpoint.cancelled)),
		retried: sum(endpoints.map((endpoint) => endpoint.retried)),
		connectionsOpened: sum(endpoints.map((endpoint) => endpoint.connectionsOpened)),
		errors: mergeCounts(endpoints.map((endpoint) => endpoint.errors)),
		// The first part's message of each kind.
		errorSamples: Object.assign({}, ...[...endpoints].reverse().map((endpoint) => endpoint.errorSamples)) as Record<string, string>,
		requestsPerSecond: rate(
			endpoints.map((endpoint) => endpoint.requestsPerSecond),
			requests,
		),
		sendRate: concurrent ? sum(endpoints.map((endpoint) => endpoint.sendRate)) : sum(windows) > 0 ? sent / sum(windows) : 0,
		elapsedMs: concurrent ? Math.max(...endpoints.map((endpoint) => endpoint.elapsedMs)) : seconds * 1000,
		metrics,
		outputTokens:
			tokens.length === 0
				? null
				: {
						total,
						input: sum(tokens.map((stats) => stats.input)),
						reasoning: tokens.some((stats) => stats.reasoning !== undefined) ? sum(tokens.map((stats) => stats.reasoning ?? 0)) : undefined,
						cache: tokens.some((stats) => stats.cache !== undefined)
							? cacheStats(
									sum(tokens.map((stats) => stats.cache?.read ?? 0)),
									sum(tokens.map((stats) => stats.cache?.write ?? 0)),
									sum(tokens.map((stats) => stats.input)),
								)
							: undefined,
						perSecond: rate(
							tokens.map((stats) => stats.perSecond),
							total,
						),
						inputPerSecond: rate(
							tokens.map((stats) => stats.inputPerSecond),
							sum(tokens.map((stats) => stats.input)),
						),
						estimated: tokens.some((stats) => stats.estimated),
						fromUsage: sum(tokens.map((stats) => stats.fromUsage)),
						counted: sum(tokens.map((stats) => stats.counted)),
						mismatches: sum(tokens.map((stats) => stats.mismatches)),
					},
		schedule:
			schedules.length === 0
				? null
				: {behind: sum(schedules.map((schedule) => schedule.behind)), maxLagMs: Math.max(...schedules.map((schedule) => schedule.maxLagMs))},
		probeFailed: probed.length === 0 ? null : sum(probed.map((endpoint) => endpoint.probeFailed ?? 0)),
		rateLimit: latest.find((part) => part.endpoint.rateLimit)?.endpoint.rateLimit ?? null,
		clientWarnings: [...new Set(endpoints.flatMap((endpoint) => endpoint.clientWarnings))],
		machines: sum(endpoints.map((endpoint) => endpoint.machines)),
	};
}

/** Cancelled requests of several parts: their sums; null when none of them cancelled any. */
function mergeCancelled(parts: ReadonlyArray<CancelledTally | null>): CancelledTally | null {
	const kept = parts.filter((part): part is CancelledTally => part !== null);
	if (kept.length === 0) return null;
	return {
		requests: sum(kept.map((part) => part.requests)),
		totalMs: sum(kept.map((part) => part.totalMs)),
		outputTokens: sum(kept.map((part) => part.outputTokens)),
	};
}
