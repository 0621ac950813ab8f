import {type CacheStats, cacheStats, type CancelledTally, type TokenStats} from '../stats/endpoint-stats.js';
import {defaultModels, type DirectKind} from '../plan/providers.js';
import {sanitize} from '../engine/sanitize.js';
import type {TurnFigures, TurnStats} from '../stats/turn-tally.js';
import type {EndpointInfo} from '../engine/endpoint.js';
import type {EndpointTarget, PipelineName, ProviderFormat} from '../plan/names.js';
import {
	BadRunFile,
	booleanAt,
	countAt,
	distributionAt,
	isCount,
	isString,
	type JsonObject,
	numberAt,
	objectAt,
	oneOf,
	optionalObjectAt,
	recordAt,
	stringAt,
} from './run-fields.js';
import {readMetrics} from './run-histograms.js';
import {type SecondSeries, seriesBucketEdgesMs} from '../stats/time-series.js';
import type {RunEndpoint} from './run-types.js';

const pipelines: readonly PipelineName[] = ['completions', 'websocket', 'http'];
const targets: readonly EndpointTarget[] = ['gateway', 'sourcegraph', ...(Object.keys(defaultModels) as DirectKind[])];
const providers: ReadonlyArray<ProviderFormat | null> = ['anthropic', 'fireworks', 'openai', null];

function infoOf(endpoint: JsonObject, where: string): EndpointInfo {
	const stream = endpoint['stream'] ?? null;
	if (stream !== null && typeof stream !== 'boolean') throw new BadRunFile(`${where}: "stream" is not true, false or null`);
	return {
		name: sanitize(stringAt(endpoint, 'name', where)),
		pipeline: oneOf(endpoint, 'pipeline', pipelines, where),
		target: oneOf(endpoint, 'target', targets, where),
		provider: oneOf(endpoint, 'provider', providers, where),
		stream,
		url: sanitize(stringAt(endpoint, 'url', where), 2000),
		...(typeof endpoint['proxy'] === 'string' ? {proxy: sanitize(endpoint['proxy'], 400)} : {}),
		...(endpoint['protocol'] === 'h2' || endpoint['protocol'] === 'h2c' ? {protocol: endpoint['protocol']} : {}),
	};
}

/** `--turns`: first and later turns as the file wrote them; undefined where the run had none. */
function turnsOf(endpoint: JsonObject, where: string): {turns?: TurnStats} {
	const turns = optionalObjectAt(endpoint, 'turns', where);
	if (!turns) return {};
	const side = (key: 'first' | 'later'): TurnFigures => {
		const turn = objectAt(turns, key, `${where} turns`);
		const here = `${where} turns.${key}`;
		const requests = countAt(turn, 'requests', here);
		const rate = turn['cacheHitRate'];
		return {
			requests,
			latency: distributionAt(turn, 'latencyMs', requests, here),
			ttft: distributionAt(turn, 'ttftMs', requests, here),
			inputTokens: countAt(turn, 'inputTokens', here),
			cachedTokens: countAt(turn, 'cachedTokens', here),
			cacheHitRate: rate === null || rate === undefined ? null : numberAt(turn, 'cacheHitRate', here),
		};
	};

	return {turns: {first: side('first'), later: side('later')}};
}

/** Prompt-cache figures where written (runs before they were kept have none). */
function cacheOf(tokens: JsonObject, where: string): CacheStats | undefined {
	const cache = optionalObjectAt(tokens, 'cache', where);
	if (!cache) return undefined;
	const input = countAt(tokens, 'input', where);
	return cacheStats(countAt(cache, 'read', `${where} cache`), countAt(cache, 'write', `${where} cache`), input);
}

function tokensOf(endpoint: JsonObject, where: string): TokenStats | null {
	const tokens = optionalObjectAt(endpoint, 'outputTokens', where);
	if (!tokens) return null;
	const here = `${where} outputTokens`;
	const source = objectAt(tokens, 'source', here);
	return {
		total: countAt(tokens, 'total', here),
		input: countAt(tokens, 'input', here),
		reasoning: tokens['reasoning'] === undefined || tokens['reasoning'] === null ? undefined : countAt(tokens, 'reasoning', here),
		cache: cacheOf(tokens, here),
		perSecond: numberAt(tokens, 'perSecond', here),
		// Saved before gatebench counted it: 0.
		inputPerSecond: tokens['inputPerSecond'] === undefined ? 0 : numberAt(tokens, 'inputPerSecond', here),
		estimated: booleanAt(tokens, 'estimated', here),
		fromUsage: countAt(source, 'usage', here),
		counted: countAt(source, 'counted', here),
		mismatches: countAt(tokens, 'mismatches', here),
	};
}

/** Names and values from a file are drawn on terminals: cleaned as the run cleaned them (a hostile file is cleaned here). */
function cleanRecord<T>(record: Readonly<Record<string, T>> | null, merge: (a: T, b: T) => T, clean: (value: T) => T = (value) => value) {
	if (!record) return null;
	const cleaned: Record<string, T> = {};
	for (const [key, value] of Object.entries(record)) {
		const name = sanitize(key);
		const previous = cleaned[name];
		cleaned[name] = previous === undefined ? clean(value) : merge(previous, clean(value));
	}

	return cleaned;
}

/** The requests cancelled on purpose, checked; null when the run cancelled none. */
function cancelledAt(endpoint: JsonObject, where: string): CancelledTally | null {
	const cancelled = optionalObjectAt(endpoint, 'cancelled', where);
	if (!cancelled) return null;
	const at = `${where} cancelled`;
	return {requests: countAt(cancelled, 'requests', at), totalMs: numberAt(cancelled, 'totalMs', at), outputTokens: countAt(cancelled, 'outputTokens', at)};
}

/** One endpoint of a run file, checked field by field; `index` only names it in errors. */
export function readEndpoint(value: unknown, index: number): RunEndpoint {
	const at = `endpoint ${index + 1}`;
	if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new BadRunFile(`${at} is not an object`);
	const endpoint = value as JsonObject;
	const where = typeof endpoint['name'] === 'string' ? `${at} (${sanitize(endpoint['name'], 80)})` : at;
	const info = infoOf(endpoint, where);
	const requests = countAt(endpoint, 'requests', where);
	const successful = countAt(endpoint, 'successful', where);
	const failed = countAt(endpoint, 'failed', where);
	const cancelled = cancelledAt(endpoint, where);
	if (successful + failed + (cancelled?.requests ?? 0) !== requests) throw new BadRunFile(`${where}: successful + failed + cancelled is not requests`);
	const metrics = readMetrics(endpoint, where);
	const latencyCount = metrics.latency?.histogram.totalCount ?? 0;
	if (latencyCount !== successful) throw new BadRunFile(`${where}: the latency histogram holds ${latencyCount} values, not ${successful} (successful)`);
	const schedule = optionalObjectAt(endpoint, 'schedule', where);
	const probe = optionalObjectAt(endpoint, 'probe', where);
	const machines = endpoint['machines'] === undefined ? 1 : countAt(endpoint, 'machines', where);
	return {
		info,
		requests,
		successful,
		failed,
		cancelled,
		retried: endpoint['retried'] === undefined ? 0 : countAt(endpoint, 'retried', where),
		connectionsOpened: endpoint['connectionsOpened'] === undefined ? 0 : countAt(endpoint, 'connectionsOpened', where),
		errors: cleanRecord(recordAt(endpoint, 'errors', isCount, where), (a, b) => a + b) ?? {},
		errorSamples:
			cleanRecord(
				recordAt(endpoint, 'errorSamples', isString, where),
				(a) => a,
				(value) => sanitize(value, 200),
			) ?? {},
		requestsPerSecond: numberAt(endpoint, 'requestsPerSecond', where),
		sendRate: numberAt(endpoint, 'sendRate', where),
		elapsedMs: numberAt(endpoint, 'elapsedMs', where),
		metrics,
		outputTokens: tokensOf(endpoint, where),
		schedule: schedule && {behind: countAt(schedule, 'behind', where), maxLagMs: numberAt(schedule, 'maxLagMs', where)},
		probeFailed: probe && countAt(probe, 'failed', `${where} probe`),
		rateLimit: cleanRecord(
			recordAt(endpoint, 'rateLimit', isString, where),
			(_a, b) => b,
			(value) => sanitize(value),
		),
		clientWarnings: warningsOf(optionalObjectAt(endpoint, 'selfCheck', where)),
		machines: Math.max(machines, 1),
		series: seriesOf(endpoint['series'], `${where} series`),
		...turnsOf(endpoint, where),
	};
}

/** Files from before the self-check, or without warnings, have none; each kept warning is one clean line. */
/** The per-second series, checked: every count a whole number, as many seconds in each list. */
function seriesOf(value: unknown, where: string): SecondSeries | null {
	if (value === undefined || value === null) return null;
	const counts = (list: unknown): list is number[] => Array.isArray(list) && list.every(isCount);
	if (typeof value !== 'object') throw new BadRunFile(`${where}: expected an object`);
	const {sent, completed, errors, latency} = value as Record<string, unknown>;
	if (!counts(sent) || !counts(completed) || !counts(errors) || !Array.isArray(latency) || !latency.every(counts))
		throw new BadRunFile(`${where}: expected lists of counts (sent, completed, errors, latency)`);
	if (new Set([sent.length, completed.length, errors.length, latency.length]).size > 1) throw new BadRunFile(`${where}: lists of different lengths`);
	return {intervalMs: 1000, bucketEdgesMs: seriesBucketEdgesMs, sent, completed, errors, latency};
}

function warningsOf(selfCheck: JsonObject | null): string[] {
	const warnings = selfCheck?.['warnings'];
	return Array.isArray(warnings)
		? warnings
				.filter(isString)
				.slice(0, 10)
				.map((warning) => sanitize(warning, 400))
		: [];
}
