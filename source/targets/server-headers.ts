import type {ServerHeaders} from '../engine/endpoint.js';
import {headerValue, type HttpHeaders} from '../transport/http-types.js';
import {sanitize} from '../engine/sanitize.js';

/**
 * Where a reply's request id may be, first found wins: the provider's own (Anthropic `request-id`,
 * OpenAI-style `x-request-id`), the provider's as LiteLLM forwards it (`llm_provider-…`), then
 * LiteLLM's own call id.
 */
export const requestIdHeaders = ['request-id', 'x-request-id', 'llm_provider-request-id', 'llm_provider-x-request-id', 'x-litellm-call-id'] as const;

/** The known gateway headers of a reply, or undefined when it has none. */
export function serverHeadersOf(headers: HttpHeaders): ServerHeaders | undefined {
	const xTrace = headerValue(headers, 'x-trace');
	const requestId = requestIdHeaders.map((name) => headerValue(headers, name)).find((value) => value !== undefined);
	const resolvedModel = headerValue(headers, 'x-cody-resolved-model');
	const overhead = headerValue(headers, 'x-litellm-overhead-duration-ms');
	if (xTrace === undefined && requestId === undefined && resolvedModel === undefined && overhead === undefined) return undefined;
	const overheadMs = overhead === undefined ? Number.NaN : Number(overhead);
	return {
		xTrace: xTrace && sanitize(xTrace, 128),
		requestId: requestId && sanitize(requestId, 128),
		resolvedModel: resolvedModel && sanitize(resolvedModel, 128),
		overheadMs: Number.isFinite(overheadMs) && overheadMs >= 0 ? overheadMs : undefined,
	};
}

/** `X-Trace` first, then the provider's request id (wire-formats §5). */
export const traceIdOf = (server: ServerHeaders | undefined): string | undefined => server?.xTrace ?? server?.requestId;
