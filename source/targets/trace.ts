import {headerValue, type HttpHeaders} from '../transport/types.js';

/** `X-Trace` first, then the provider's request id (wire-formats §5). */
export const traceIdOf = (headers: HttpHeaders): string | undefined =>
	headerValue(headers, 'x-trace') ?? headerValue(headers, 'request-id') ?? headerValue(headers, 'x-request-id');
