import type {EndpointStats} from '../stats/endpoint-stats.js';
import type {Distribution} from '../stats/histogram.js';
import {type Cell, csvRows, fixed2} from './csv.js';
import {errorClasses} from './json.js';

type Column = readonly [header: string, value: (stats: EndpointStats) => Cell];

const pick =
	(metric: (stats: EndpointStats) => Distribution | null | undefined, key: keyof Distribution) =>
	(stats: EndpointStats): Cell => {
		const distribution = metric(stats);
		return distribution ? fixed2(distribution[key]) : '';
	};

/** `kind:count` pairs, most frequent first. */
export const errorSummary = (errors: Readonly<Record<string, number>>): string =>
	Object.entries(errors)
		.sort((a, b) => b[1] - a[1])
		.map(([kind, count]) => `${kind}:${count}`)
		.join(' ');

const latency = (stats: EndpointStats) => stats.latency;

/** Each column with how to read it, so headers and cells cannot drift apart. */
const columns: readonly Column[] = [
	// The original's columns, in its order and units.
	['Endpoint', (stats) => stats.info.name],
	['Average (ms)', pick(latency, 'avg')],
	['Median (ms)', pick(latency, 'p50')],
	['P5 (ms)', pick(latency, 'p5')],
	['P75 (ms)', pick(latency, 'p75')],
	['P80 (ms)', pick(latency, 'p80')],
	['P95 (ms)', pick(latency, 'p95')],
	['Total (ms)', pick(latency, 'total')],
	['Success Rate', (stats) => `${stats.successful}/${stats.requests}`],
	// Added by gatebench.
	['P99 (ms)', pick(latency, 'p99')],
	['Max (ms)', pick(latency, 'max')],
	['Requests/s', (stats) => fixed2(stats.requestsPerSecond)],
	['Requests', (stats) => stats.requests],
	['Successful', (stats) => stats.successful],
	['Failed', (stats) => stats.failed],
	['TTFB P50 (ms)', pick((stats) => stats.ttfb, 'p50')],
	['TTFB P95 (ms)', pick((stats) => stats.ttfb, 'p95')],
	['TTFT P50 (ms)', pick((stats) => stats.ttft, 'p50')],
	['TTFT P95 (ms)', pick((stats) => stats.ttft, 'p95')],
	['TTFT P99 (ms)', pick((stats) => stats.ttft, 'p99')],
	['Inter-token P50 (ms)', pick((stats) => stats.interToken, 'p50')],
	['Inter-token P95 (ms)', pick((stats) => stats.interToken, 'p95')],
	['Output Tokens', (stats) => stats.outputTokens?.total ?? ''],
	['Output Tokens/s', (stats) => (stats.outputTokens ? fixed2(stats.outputTokens.perSecond) : '')],
	['Tokens Estimated', (stats) => stats.outputTokens?.estimated ?? ''],
	['Errors', (stats) => errorSummary(stats.errors)],
	['Corrected P50 (ms)', pick((stats) => stats.correctedLatency, 'p50')],
	['Corrected P99 (ms)', pick((stats) => stats.correctedLatency, 'p99')],
	['Behind Schedule', (stats) => stats.schedule?.behind ?? ''],
	['Max Schedule Lag (ms)', (stats) => (stats.schedule ? fixed2(stats.schedule.maxLagMs) : '')],
	['TPOT P50 (ms)', pick((stats) => stats.tpot, 'p50')],
	['TPOT P95 (ms)', pick((stats) => stats.tpot, 'p95')],
	['Longest Stall P95 (ms)', pick((stats) => stats.longestStall, 'p95')],
	['Last Token to End P50 (ms)', pick((stats) => stats.tail, 'p50')],
	['Tokens/s per Request P50', pick((stats) => stats.tokensPerSecond, 'p50')],
	['Tokens from Usage', (stats) => stats.outputTokens?.fromUsage ?? ''],
	['Tokens Counted', (stats) => stats.outputTokens?.counted ?? ''],
	['Token Mismatches', (stats) => stats.outputTokens?.mismatches ?? ''],
	['Probe P50 (ms)', pick((stats) => stats.probe?.latency, 'p50')],
	['Probe P95 (ms)', pick((stats) => stats.probe?.latency, 'p95')],
	['Error Classes', (stats) => errorSummary(errorClasses(stats.errors))],
	['Retry-After', (stats) => stats.rateLimit?.['retry-after'] ?? ''],
	['Gateway Overhead P50 (ms)', pick((stats) => stats.gatewayOverhead, 'p50')],
	['Gateway Overhead P95 (ms)', pick((stats) => stats.gatewayOverhead, 'p95')],
	['Input Tokens', (stats) => stats.outputTokens?.input ?? ''],
	['Input Tokens/s', (stats) => (stats.outputTokens ? fixed2(stats.outputTokens.inputPerSecond) : '')],
	['Cancelled', (stats) => stats.cancelled?.requests ?? ''],
];

export const aggregateCsvHeader: readonly string[] = columns.map(([header]) => header);

export const aggregateRow = (stats: EndpointStats): Cell[] => columns.map(([, value]) => value(stats));

export const aggregateCsv = (endpoints: readonly EndpointStats[]): string => csvRows([aggregateCsvHeader, ...endpoints.map(aggregateRow)]);
