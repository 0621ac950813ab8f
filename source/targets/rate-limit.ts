import type {HttpHeaders} from '../transport/http-types.js';
import {sanitize} from '../engine/sanitize.js';

/**
 * `retry-after` and every `*ratelimit*` header (Anthropic `anthropic-ratelimit-*`, gateway
 * `x-ratelimit-*`), or undefined when the reply carries none: most replies, cheaply.
 */
export function rateLimitHeaders(headers: HttpHeaders): Record<string, string> | undefined {
	let found: Record<string, string> | undefined;
	for (const name in headers) {
		if (name !== 'retry-after' && name !== 'retry-after-ms' && !name.includes('ratelimit')) continue;
		const value = headers[name];
		if (value === undefined) continue;
		found ??= {};
		found[name] = sanitize(Array.isArray(value) ? value.join(', ') : value, 100);
	}

	return found;
}
