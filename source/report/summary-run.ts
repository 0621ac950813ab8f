import type {JsonSummary, RunMeta} from '../output/json.js';
import type {MetricName} from '../stats/accumulator.js';
import {cacheStats} from '../stats/endpoint-stats.js';
import type {Distribution} from '../stats/histogram.js';
import type {TurnFigures, TurnStats} from '../stats/turn-tally.js';
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

/** A turn side's millisecond summary as the distribution it summed up (`count`: its requests); null where none. */
const turnDistribution = (times: Omit<Distribution, 'count'> | null, count: number): Distribution | null => times && {count, ...times};

/** `--turns`: first and later turns from the summary's figures (each side's percentiles as it wrote them). */
function turnsOfSummary(turns: SummaryEndpoint['turns']): {turns?: TurnStats} {
	if (!turns) return {};
	const side = ({requests, latencyMs, ttftMs, inputTokens, cachedTokens, cacheHitRate}: NonNullable<SummaryEndpoint['turns']>['first']): TurnFigures => ({
		requests,
		latency: turnDistribution(latencyMs, requests),
		ttft: turnDistribution(ttftMs, requests),
		inputTokens,
		cachedTokens,
		cacheHitRate,
	});
	return {turns: {first: side(turns.first), later: side(turns.later)}};
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
		...turnsOfSummary(endpoint.turns),
	};
}

/** The run this process just measured, from its meta data and the JSON summary it wrote, as the report page takes runs. */
export function runOfSummary(path: string, meta: RunMeta, endpoints: readonly SummaryEndpoint[], thresholds: JsonSummary['thresholds'] = []): RunFile {
	const {thresholds: _checked, ...described} = meta;
	return {...described, path, thresholds, machines: 1, endpoints: endpoints.map(runEndpointOfSummary)};
}
