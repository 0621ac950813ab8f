import type {JsonSummary, RunMeta} from '../output/json.js';
import type {MetricName} from '../stats/accumulator.js';
import {cacheStats} from '../stats/endpoint-stats.js';
import {decodeHistogram} from './run-histograms.js';
import {metricNames, type RunEndpoint, type RunFile, type RunMetric, timesKeys} from './run-types.js';

type SummaryEndpoint = JsonSummary['endpoints'][number];
/** A metric's millisecond summary (tokens per second: tokens/s, and no total). */
type Times = {readonly avg?: number | undefined; readonly max?: number | undefined; readonly total?: number | undefined} | null;

function metricsOf(endpoint: SummaryEndpoint): Partial<Record<MetricName, RunMetric>> {
	const metrics: Partial<Record<MetricName, RunMetric>> = {};
	for (const name of metricNames) {
		const encoded = endpoint.histograms[name];
		if (encoded === undefined) continue;
		const histogram = decodeHistogram(encoded, name, endpoint.name);
		if (histogram.totalCount === 0) continue;
		// Where the file reader finds each metric's summary (`timesKeys`): the same fields, typed here.
		const summary: Times | undefined = name === 'probe' ? endpoint.probe?.latencyMs : endpoint[timesKeys[name]];
		metrics[name] = {
			histogram,
			// Tokens per second have no total: their average times the count stands in, as for files without one.
			totalUs: Math.round((summary?.total ?? (summary?.avg === undefined ? histogram.mean / 1000 : summary.avg) * histogram.totalCount) * 1000),
			maxUs: summary?.max === undefined ? histogram.maxValue : Math.round(summary.max * 1000),
		};
	}

	return metrics;
}

/**
 * An endpoint of a run this process just measured, from the JSON summary it wrote: typed already,
 * so taken as it is (a file from elsewhere is checked field by field by `readEndpoint` instead).
 */
export function runEndpointOfSummary(endpoint: SummaryEndpoint): RunEndpoint {
	const tokens = endpoint.outputTokens;
	return {
		info: {
			name: endpoint.name,
			pipeline: endpoint.pipeline,
			target: endpoint.target,
			provider: endpoint.provider,
			stream: endpoint.stream,
			url: endpoint.url,
			...(endpoint.proxy === null ? {} : {proxy: endpoint.proxy}),
			...(endpoint.protocol === 'h2' || endpoint.protocol === 'h2c' ? {protocol: endpoint.protocol} : {}),
		},
		requests: endpoint.requests,
		successful: endpoint.successful,
		failed: endpoint.failed,
		cancelled: endpoint.cancelled,
		retried: endpoint.retried,
		connectionsOpened: endpoint.connectionsOpened,
		errors: endpoint.errors,
		errorSamples: endpoint.errorSamples,
		requestsPerSecond: endpoint.requestsPerSecond,
		sendRate: endpoint.sendRate,
		elapsedMs: endpoint.elapsedMs,
		metrics: metricsOf(endpoint),
		outputTokens: tokens && {
			total: tokens.total,
			input: tokens.input,
			reasoning: tokens.reasoning,
			cache: tokens.cache && cacheStats(tokens.cache.read, tokens.cache.write, tokens.input),
			perSecond: tokens.perSecond,
			inputPerSecond: tokens.inputPerSecond,
			estimated: tokens.estimated,
			fromUsage: tokens.source.usage,
			counted: tokens.source.counted,
			mismatches: tokens.mismatches,
		},
		schedule: endpoint.schedule && {behind: endpoint.schedule.behind, maxLagMs: endpoint.schedule.maxLagMs},
		probeFailed: endpoint.probe?.failed ?? null,
		rateLimit: endpoint.rateLimit,
		clientWarnings: endpoint.selfCheck.warnings,
		machines: 1,
		series: endpoint.series,
	};
}

/** The run this process just measured, from its meta data and the JSON summary it wrote, as the report page takes runs. */
export function runOfSummary(path: string, meta: RunMeta, endpoints: readonly SummaryEndpoint[], thresholds: JsonSummary['thresholds'] = []): RunFile {
	const {thresholds: _checked, ...described} = meta;
	return {...described, path, thresholds, machines: 1, endpoints: endpoints.map(runEndpointOfSummary)};
}
