import {calibrationHint, type CeilingVerdict, ceilingWarning} from '../stats/ceiling-share.js';
import {answerComesLater, type EndpointStats} from '../stats/endpoint-stats.js';
import type {Distribution} from '../stats/histogram.js';
import type {ThresholdResult} from '../stats/check-thresholds.js';
import type {TurnFigures} from '../stats/turn-tally.js';

const ms = (distribution: Distribution | null, label: string) =>
	distribution ? `${label} p50 ${distribution.p50.toFixed(2)} / p95 ${distribution.p95.toFixed(2)} / p99 ${distribution.p99.toFixed(2)} ms` : undefined;

/** `through proxy …` when any endpoint goes through a proxy (shown without credentials), for a run's heading. */
export function proxyNote(endpoints: readonly Pick<EndpointStats, 'info'>[]): string | undefined {
	const proxies = [...new Set(endpoints.map((endpoint) => endpoint.info.proxy).filter(Boolean))];
	return proxies.length > 0 ? `through proxy ${proxies.join(', ')}` : undefined;
}

/** Streaming, schedule, probe and rate-limit figures that do not fit the comparison table, per endpoint. */
export function detailLines(endpoints: readonly EndpointStats[]): string {
	const lines: string[] = [];
	for (const stats of endpoints) {
		const tokens = stats.outputTokens;
		const parts = [
			stats.info.proxy ? `through the proxy ${stats.info.proxy}` : undefined,
			stats.connections
				? [
						`${stats.connections.opened} connections opened${stats.info.protocol ? ` (${stats.info.protocol}: ${stats.requests} streams on them)` : ''}`,
						ms(stats.connections.connect, 'connect'),
						ms(stats.connections.tls, 'TLS handshake'),
					]
						.filter(Boolean)
						.join(', ')
				: undefined,
			ms(stats.correctedLatency, 'latency from schedule'),
			stats.schedule ? `${stats.schedule.behind} sent late (max lag ${stats.schedule.maxLagMs.toFixed(2)} ms)` : undefined,
			ms(stats.ttfb, 'TTFB'),
			ms(stats.ttft, 'TTFT'),
			answerComesLater(stats) ? (ms(stats.ttfa, 'TTFA (first answer token)') ?? 'TTFA: no reply answered in text') : undefined,
			ms(stats.interToken, 'inter-token'),
			ms(stats.tpot, 'TPOT'),
			ms(stats.longestStall, 'longest stall'),
			ms(stats.tail, 'last token→end'),
			stats.tokensPerSecond ? `tokens/s per request p50 ${stats.tokensPerSecond.p50.toFixed(1)}` : undefined,
			tokens
				? `${tokens.total} output tokens${tokens.reasoning === undefined ? '' : ` (${tokens.reasoning} reasoning)`}, ${tokens.perSecond.toFixed(1)}/s overall, ${tokens.input} input tokens, ${tokens.inputPerSecond.toFixed(1)}/s (${tokens.fromUsage} from usage, ${tokens.counted} counted${tokens.mismatches ? `, ${tokens.mismatches} mismatched` : ''})`
				: undefined,
			tokens?.cache
				? `${tokens.input} input tokens: ${tokens.cache.read} read from the prompt cache (${(tokens.cache.hitRate * 100).toFixed(1)} % hit rate), ${tokens.cache.write} written to it`
				: undefined,
			stats.turns ? `turns: ${turnLine('first', stats.turns.first)}; ${turnLine('later', stats.turns.later)}` : undefined,
			stats.probe ? `${ms(stats.probe.latency, 'probe')}${stats.probe.failed ? `, ${stats.probe.failed} probe failures` : ''}` : undefined,
			ms(stats.gatewayOverhead, 'gateway overhead'),
			stats.rateLimit ? `rate limit: ${rateLimitSummary(stats.rateLimit)}` : undefined,
		].filter((part): part is string => part !== undefined);
		if (parts.length > 0 && (stats.info.pipeline === 'completions' || stats.schedule || stats.rateLimit || stats.info.proxy || stats.connections)) {
			lines.push(`${stats.info.name}:`, ...parts.map((part) => `  ${part}`));
		}
	}

	return lines.join('\n');
}

/** One side of a `--turns` run: `first 4, TTFT p50 5.20 ms, 0.0 % from the prompt cache`. */
function turnLine(label: string, figures: TurnFigures): string {
	const ttft = figures.ttft ? `, TTFT p50 ${figures.ttft.p50.toFixed(2)} ms` : figures.latency ? `, latency p50 ${figures.latency.p50.toFixed(2)} ms` : '';
	const cache = figures.cacheHitRate === null ? '' : `, ${figures.cacheHitRate.toFixed(1)} % from the prompt cache`;
	return `${label} ${figures.requests}${ttft}${cache}`;
}

/** The self-check: one line per warning of each endpoint the client, not the server, limited. */
/** Near the client's ceiling, or without one when the run was busy enough for it to matter: what to do. */
export function ceilingNotes(endpoints: readonly EndpointStats[], ceiling: CeilingVerdict | undefined): string[] {
	if (!ceiling) return [];
	const busiest = Math.max(0, ...endpoints.map((stats) => stats.selfCheck.client?.loopUtilization ?? 0));
	return [ceilingWarning(ceiling), calibrationHint(ceiling, busiest)].filter((note) => note !== undefined);
}

export function selfCheckLines(endpoints: readonly EndpointStats[], ceiling?: CeilingVerdict): string {
	const lines = [
		...endpoints.flatMap((stats) => stats.selfCheck.warnings.map((warning) => `warning: ${stats.info.name}: ${warning}`)),
		...ceilingNotes(endpoints, ceiling).map((note) => `warning: ${note}`),
	];
	return lines.length > 0 ? `Self-check (gatebench's own load):\n${lines.join('\n')}` : '';
}

export function thresholdLines(results: readonly ThresholdResult[]): string {
	return results
		.map((result) => {
			const actual = Number.isNaN(result.actual) ? 'no data' : result.actual.toFixed(2);
			return `${result.pass ? 'PASS' : 'FAIL'}  ${result.threshold.text}  ${result.endpoint}: ${actual}`;
		})
		.join('\n');
}

/** The headers worth a glance: when to retry and what is left. */
const rateLimitSummary = (headers: Readonly<Record<string, string>>): string =>
	Object.entries(headers)
		.filter(([name]) => name.startsWith('retry-after') || name.includes('remaining'))
		.map(([name, value]) => `${name}=${value}`)
		.join(' ') || Object.keys(headers).join(', ');
