import type {EndpointStats} from '../stats/accumulator.js';
import type {Distribution} from '../stats/histogram.js';

export type RunMeta = {
	readonly version: string;
	readonly startedAt: Date;
	readonly finishedAt: Date;
	readonly interrupted: boolean;
	readonly mock: boolean;
	readonly httpClient: string;
	readonly concurrency: number;
};

type Times = Omit<Distribution, 'count'>;

const round = (value: number) => Math.round(value * 1000) / 1000;
const times = (distribution: Distribution | null): Times | null =>
	distribution && {
		avg: round(distribution.avg),
		p5: round(distribution.p5),
		p50: round(distribution.p50),
		p75: round(distribution.p75),
		p80: round(distribution.p80),
		p95: round(distribution.p95),
		p99: round(distribution.p99),
		max: round(distribution.max),
		total: round(distribution.total),
	};

/** The JSON summary of cli.md; `requests` counts every completed request, so successful + failed == requests. */
export function jsonSummary(meta: RunMeta, endpoints: readonly EndpointStats[]) {
	return {
		version: meta.version,
		startedAt: meta.startedAt.toISOString(),
		finishedAt: meta.finishedAt.toISOString(),
		interrupted: meta.interrupted,
		mock: meta.mock,
		httpClient: meta.httpClient,
		concurrency: meta.concurrency,
		endpoints: endpoints.map((stats) => ({
			name: stats.info.name,
			pipeline: stats.info.pipeline,
			target: stats.info.target,
			provider: stats.info.provider,
			stream: stats.info.stream,
			url: stats.info.url,
			requests: stats.requests,
			successful: stats.successful,
			failed: stats.failed,
			errors: stats.errors,
			requestsPerSecond: round(stats.requestsPerSecond),
			elapsedMs: round(stats.elapsedMs),
			latencyMs: times(stats.latency),
			ttfbMs: times(stats.ttfb),
			ttftMs: times(stats.ttft),
			interTokenMs: times(stats.interToken),
			outputTokens: stats.outputTokens && {
				total: stats.outputTokens.total,
				perSecond: round(stats.outputTokens.perSecond),
				estimated: stats.outputTokens.estimated,
			},
		})),
	};
}

export type JsonSummary = ReturnType<typeof jsonSummary>;
