import {headerValue, type HttpHeaders} from '../transport/types.js';
import {sanitize} from './sanitize.js';

/** `X-Trace` first, then the provider's request id (wire-formats §5). */
export function traceIdOf(headers: HttpHeaders): string | undefined {
	const id = headerValue(headers, 'x-trace') ?? headerValue(headers, 'request-id') ?? headerValue(headers, 'x-request-id');
	return id === undefined ? undefined : sanitize(id, 128);
}
