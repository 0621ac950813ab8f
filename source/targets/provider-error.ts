import {safeErrorType} from '../engine/errors.js';
import {sanitize} from '../engine/sanitize.js';

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() ? value : undefined);

/** What an error body says: its type (for the error kind) and its message (for the row), when it says. */
export type ProviderError = {readonly type?: string; readonly message?: string};

/**
 * The type of one error object. A `code` that is a number only repeats the HTTP status (LiteLLM's
 * `"401"`, vLLM's and OpenRouter's `400`) and is ignored, so the `type` shows (LiteLLM `auth_error`,
 * Anthropic `overloaded_error`, vLLM `NotFoundError`; TGI's `error_type`). A `code` that is a name is
 * kept first: it is OpenAI's finer label (`invalid_api_key` where the type is `invalid_request_error`,
 * `rate_limit_exceeded` where it is `requests`).
 */
export function errorTypeOf(error: Json): string | undefined {
	const code = text(error['code']);
	const named = code && !/^\d+$/.test(code.trim()) ? code : undefined;
	const type = named ?? text(error['type']) ?? text(error['error_type']);
	return type === undefined ? undefined : safeErrorType(type);
}

/**
 * Reads the error bodies real servers send: `{"error": {…}}` (Anthropic, OpenAI, LiteLLM, OpenRouter,
 * vLLM, Fireworks, Ollama's OpenAI API), a top-level `{"object": "error", …}` (old vLLM and FastChat),
 * `{"error": "text", "error_type": …}` (TGI, and Ollama's own API without a type), and gateways' own
 * `{"message": "…"}` (Kong; Portkey's `{"status": "failure", "message": …}`; AWS API Gateway).
 * Anything else (HTML, plain text) has neither a type nor a message here.
 */
export function providerError(body: string): ProviderError {
	if (!body.trimStart().startsWith('{')) return {};
	let json: unknown;
	try {
		json = JSON.parse(body);
	} catch {
		return {};
	}

	if (!isObject(json)) return {};
	const error = json['error'];
	const object = isObject(error) ? error : json['object'] === 'error' ? json : undefined;
	if (object) return {type: errorTypeOf(object), message: messageOf(object)};
	if (text(error)) return {type: errorTypeOf(json), message: sanitize(String(error))};
	if (text(json['message'])) return {message: messageOf(json)};
	return {};
}

const messageOf = (error: Json): string | undefined => {
	const message = text(error['message']);
	return message === undefined ? undefined : sanitize(message.split('\n')[0] ?? '');
};

export const httpErrorKind = (status: number, type: string | undefined) => (type ? (`http_${status}:${type}` as const) : (`http_${status}` as const));
