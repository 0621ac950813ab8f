import {safeErrorType} from '../engine/errors.js';

/**
 * The provider's error type from an error body: Anthropic `error.type` (`overloaded_error`),
 * OpenAI-style `error.code` (else `error.type`). Gateway text errors have none.
 */
export function providerErrorType(body: string): string | undefined {
	if (!body.startsWith('{')) return undefined;
	try {
		const json = JSON.parse(body) as {error?: unknown};
		const error = json.error;
		if (typeof error !== 'object' || error === null) return undefined;
		const {code, type} = error as {code?: unknown; type?: unknown};
		const name = typeof code === 'string' && code ? code : typeof type === 'string' && type ? type : undefined;
		return name === undefined ? undefined : safeErrorType(name);
	} catch {
		return undefined;
	}
}

export const httpErrorKind = (status: number, body: string) => {
	const type = providerErrorType(body);
	return type ? (`http_${status}:${type}` as const) : (`http_${status}` as const);
};
