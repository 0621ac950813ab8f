import type {DirectKind, OpenAiApi} from '../plan/providers.js';
import type {CompletionRequest} from './completions-request.js';

export type DirectSettings = {
	readonly kind: DirectKind;
	readonly model: string;
	readonly prompt: string;
	readonly maxTokens: number;
	readonly temperature?: number;
	readonly stream: boolean;
	/** Chat completions (default), legacy completions or the Responses API; OpenAI-style kinds only. */
	readonly api?: OpenAiApi;
	readonly apiKey?: string;
};

/** Request and auth headers for a direct provider call (wire-formats.md §1–2). */
export function directRequest(settings: DirectSettings): {request: CompletionRequest; headers: Record<string, string>} {
	const {kind, model, prompt, maxTokens, temperature, stream, apiKey} = settings;
	if (kind === 'anthropic') {
		return {
			request: {
				path: '/v1/messages',
				format: 'anthropic',
				usage: 'anthropic',
				body: {model, max_tokens: maxTokens, messages: [{role: 'user', content: prompt}], ...(temperature === undefined ? {} : {temperature}), stream},
			},
			headers: {'content-type': 'application/json', 'anthropic-version': '2023-06-01', ...(apiKey ? {'x-api-key': apiKey} : {})},
		};
	}

	const api = settings.api ?? 'chat';
	const headers = {'content-type': 'application/json', ...(apiKey ? {authorization: `Bearer ${apiKey}`} : {})};
	// The Responses API: `input` messages, `max_output_tokens`, and usage always in `response.completed`.
	if (api === 'responses') {
		const body = {model, input: [{role: 'user', content: prompt}], max_output_tokens: maxTokens, ...(temperature === undefined ? {} : {temperature}), stream};
		return {request: {path: '/responses', format: 'responses', usage: 'responses', body}, headers};
	}

	// Streams ask for usage in both APIs: OpenAI, vLLM and LiteLLM send it on legacy completions too when asked.
	const usage = stream ? {stream_options: {include_usage: true}} : {};
	const common = {model, max_tokens: maxTokens, ...(temperature === undefined ? {} : {temperature}), stream, ...usage};
	const body = api === 'chat' ? {...common, messages: [{role: 'user', content: prompt}]} : {...common, prompt};
	return {
		request: {path: api === 'chat' ? '/chat/completions' : '/completions', format: 'openai', usage: 'openai', body},
		headers,
	};
}
