import type {MetricName} from '../stats/accumulator.js';
import type {EndpointStats} from '../stats/endpoint-stats.js';
import {createHistogram, type Distribution, distributionOf} from '../stats/histogram.js';
import type {RunEndpoint} from './run-types.js';

/**
 * The statistics the table, details and JSON writer take, from a run file's endpoint: percentiles
 * from its histograms, averages and totals from its exact sums. `name` relabels it (report tables).
 */
export function endpointStatsOf(index: number, endpoint: RunEndpoint, name = endpoint.info.name): EndpointStats {
	const optional = (metric: MetricName): Distribution | null => {
		const found = endpoint.metrics[metric];
		return found ? distributionOf(found.histogram, found.totalUs, found.maxUs) : null;
	};

	const empty = () => distributionOf(createHistogram(), 0);
	return {
		index,
		info: {...endpoint.info, name},
		state: 'done',
		planned: undefined,
		plannedDurationMs: undefined,
		requests: endpoint.requests,
		successful: endpoint.successful,
		failed: endpoint.failed,
		...(endpoint.cancelled ? {cancelled: endpoint.cancelled} : {}),
		...(endpoint.turns ? {turns: endpoint.turns} : {}),
		retried: endpoint.retried,
		connections: endpoint.connectionsOpened > 0 ? {opened: endpoint.connectionsOpened, connect: optional('connect'), tls: optional('tls')} : null,
		errors: endpoint.errors,
		elapsedMs: endpoint.elapsedMs,
		requestsPerSecond: endpoint.requestsPerSecond,
		sendRate: endpoint.sendRate,
		latency: optional('latency') ?? empty(),
		correctedLatency: optional('corrected'),
		correctedTtft: optional('correctedTtft'),
		ttfb: optional('ttfb'),
		ttft: optional('ttft'),
		ttfa: optional('ttfa'),
		interToken: optional('interToken'),
		tpot: optional('tpot'),
		longestStall: optional('stall'),
		tail: optional('tail'),
		tokensPerSecond: optional('tokensPerSecond'),
		outputTokens: endpoint.outputTokens,
		schedule: endpoint.schedule,
		gatewayOverhead: optional('overhead'),
		probe: endpoint.probeFailed === null && !endpoint.metrics.probe ? null : {latency: optional('probe') ?? empty(), failed: endpoint.probeFailed ?? 0},
		rateLimit: endpoint.rateLimit,
		selfCheck: {client: null, lateSends: null, clientBound: endpoint.clientWarnings.length > 0, warnings: endpoint.clientWarnings},
		recentLatency: [],
		recentTtft: [],
		recentFrom: 0,
		recentItl: [],
		throughput: [],
		latencyBuckets: null,
		ttftBuckets: null,
		errorSamples: endpoint.errorSamples,
		phaseStarts: [],
		phases: [],
	};
}
