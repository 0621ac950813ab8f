import type {EndpointStats} from '../stats/endpoint-stats.js';
import type {Distribution} from '../stats/histogram.js';
import {type Cell, csvRows, fixed2} from './csv.js';
import {errorClasses} from './json.js';

export const aggregateCsvHeader = [
	// The original's columns, in its order and units.
	'Endpoint',
	'Average (ms)',
	'Median (ms)',
	'P5 (ms)',
	'P75 (ms)',
	'P80 (ms)',
	'P95 (ms)',
	'Total (ms)',
	'Success Rate',
	// Added by gatebench.
	'P99 (ms)',
	'Max (ms)',
	'Requests/s',
	'Requests',
	'Successful',
	'Failed',
	'TTFB P50 (ms)',
	'TTFB P95 (ms)',
	'TTFT P50 (ms)',
	'TTFT P95 (ms)',
	'TTFT P99 (ms)',
	'Inter-token P50 (ms)',
	'Inter-token P95 (ms)',
	'Output Tokens',
	'Output Tokens/s',
	'Tokens Estimated',
	'Errors',
	'Corrected P50 (ms)',
	'Corrected P99 (ms)',
	'Behind Schedule',
	'Max Schedule Lag (ms)',
	'TPOT P50 (ms)',
	'TPOT P95 (ms)',
	'Longest Stall P95 (ms)',
	'Last Token to End P50 (ms)',
	'Tokens/s per Request P50',
	'Tokens from Usage',
	'Tokens Counted',
	'Token Mismatches',
	'Probe P50 (ms)',
	'Probe P95 (ms)',
	'Error Classes',
	'Retry-After',
	'Gateway Overhead P50 (ms)',
	'Gateway Overhead P95 (ms)',
];

const pick = (distribution: Distribution | null, key: keyof Distribution): Cell => (distribution ? fixed2(distribution[key]) : '');

/** `kind:count` pairs, most frequent first. */
export const errorSummary = (errors: Readonly<Record<string, number>>): string =>
	Object.entries(errors)
		.sort((a, b) => b[1] - a[1])
		.map(([kind, count]) => `${kind}:${count}`)
		.join(' ');

export function aggregateRow(stats: EndpointStats): Cell[] {
	const {latency} = stats;
	return [
		stats.info.name,
		fixed2(latency.avg),
		fixed2(latency.p50),
		fixed2(latency.p5),
		fixed2(latency.p75),
		fixed2(latency.p80),
		fixed2(latency.p95),
		fixed2(latency.total),
		`${stats.successful}/${stats.requests}`,
		fixed2(latency.p99),
		fixed2(latency.max),
		fixed2(stats.requestsPerSecond),
		stats.requests,
		stats.successful,
		stats.failed,
		pick(stats.ttfb, 'p50'),
		pick(stats.ttfb, 'p95'),
		pick(stats.ttft, 'p50'),
		pick(stats.ttft, 'p95'),
		pick(stats.ttft, 'p99'),
		pick(stats.interToken, 'p50'),
		pick(stats.interToken, 'p95'),
		stats.outputTokens?.total ?? '',
		stats.outputTokens ? fixed2(stats.outputTokens.perSecond) : '',
		stats.outputTokens ? stats.outputTokens.estimated : '',
		errorSummary(stats.errors),
		pick(stats.correctedLatency, 'p50'),
		pick(stats.correctedLatency, 'p99'),
		stats.schedule?.behind ?? '',
		stats.schedule ? fixed2(stats.schedule.maxLagMs) : '',
		pick(stats.tpot, 'p50'),
		pick(stats.tpot, 'p95'),
		pick(stats.longestStall, 'p95'),
		pick(stats.tail, 'p50'),
		pick(stats.tokensPerSecond, 'p50'),
		stats.outputTokens?.fromUsage ?? '',
		stats.outputTokens?.counted ?? '',
		stats.outputTokens?.mismatches ?? '',
		pick(stats.probe?.latency ?? null, 'p50'),
		pick(stats.probe?.latency ?? null, 'p95'),
		errorSummary(errorClasses(stats.errors)),
		stats.rateLimit?.['retry-after'] ?? '',
		pick(stats.gatewayOverhead, 'p50'),
		pick(stats.gatewayOverhead, 'p95'),
	];
}

export const aggregateCsv = (endpoints: readonly EndpointStats[]): string => csvRows([aggregateCsvHeader, ...endpoints.map(aggregateRow)]);
