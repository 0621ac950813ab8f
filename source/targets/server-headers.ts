import type {ServerHeaders} from '../engine/endpoint.js';
import {headerValue, type HttpHeaders} from '../transport/http-types.js';
import {sanitize} from '../engine/sanitize.js';

/**
 * Where a reply's request id may be, first found wins: the provider's own (Anthropic `request-id`,
 * OpenAI-style `x-request-id`), the provider's as LiteLLM forwards it (`llm_provider-…`), then
 * LiteLLM's own call id.
 */
export const requestIdHeaders = ['request-id', 'x-request-id', 'llm_provider-request-id', 'llm_provider-x-request-id', 'x-litellm-call-id'] as const;

/**
 * What gateways say of themselves, kept for every request (LiteLLM's `x-litellm-overhead-duration-ms`
 * has its own column): Portkey's retries (`x-portkey-retry-attempt-count`, its retry handler) and
 * the W3C `server-timing` that Envoy, Kong and many servers add.
 */
export const selfReportHeaders = ['x-portkey-retry-attempt-count', 'server-timing'] as const;

/** The headers kept for each request: the self-reports, then those asked for (`--record-header`), once each. */
export const recordedHeaderNames = (asked: readonly string[] = []): string[] => [
	...new Set([...selfReportHeaders, ...asked.map((name) => name.toLowerCase())]),
];

/** The known gateway headers of a reply and those of `record`'s names it has, or undefined when it has none. */
export function serverHeadersOf(headers: HttpHeaders, record: readonly string[] = selfReportHeaders): ServerHeaders | undefined {
	// Read on every reply: plain loops, and nothing allocated for the headers a reply does not carry.
	const xTrace = headerValue(headers, 'x-trace');
	let requestId: string | undefined;
	for (let index = 0; requestId === undefined && index < requestIdHeaders.length; index++) requestId = headerValue(headers, requestIdHeaders[index] as string);
	const resolvedModel = headerValue(headers, 'x-cody-resolved-model');
	const overhead = headerValue(headers, 'x-litellm-overhead-duration-ms');
	let recorded: Record<string, string> | undefined;
	for (const name of record) {
		const value = headerValue(headers, name);
		if (value !== undefined) (recorded ??= {})[name] = sanitize(value, 256);
	}

	if (xTrace === undefined && requestId === undefined && resolvedModel === undefined && overhead === undefined && recorded === undefined) return undefined;
	const overheadMs = overhead === undefined ? Number.NaN : Number(overhead);
	return {
		xTrace: xTrace && sanitize(xTrace, 128),
		requestId: requestId && sanitize(requestId, 128),
		resolvedModel: resolvedModel && sanitize(resolvedModel, 128),
		overheadMs: Number.isFinite(overheadMs) && overheadMs >= 0 ? overheadMs : undefined,
		...(recorded ? {recorded} : {}),
	};
}

/** The total of a `server-timing` header's `dur=` values, ms (W3C Server Timing), or undefined without any. */
export function serverTimingMs(value: string | undefined): number | undefined {
	const durations = [...(value ?? '').matchAll(/(?:^|;)\s*dur\s*=\s*"?(\d+(?:\.\d+)?)/gi)].map((match) => Number(match[1]));
	return durations.length === 0 ? undefined : durations.reduce((sum, duration) => sum + duration, 0);
}

/** `X-Trace` first, then the provider's request id (wire-formats §5). */
export const traceIdOf = (server: ServerHeaders | undefined): string | undefined => server?.xTrace ?? server?.requestId;
