import type {CompletionRequest} from './completions-request.js';

/** The provider APIs gatebench can call directly, besides the two original targets. */
export type DirectKind = 'anthropic' | 'fireworks' | 'openai-compatible';
export type OpenAiApi = 'chat' | 'completions';

export type DirectSettings = {
	readonly kind: DirectKind;
	readonly model: string;
	readonly prompt: string;
	readonly maxTokens: number;
	readonly temperature?: number;
	readonly stream: boolean;
	/** Chat completions (default) or legacy completions; OpenAI-style kinds only. */
	readonly api?: OpenAiApi;
	readonly apiKey?: string;
};

export const defaultBaseUrls: Readonly<Record<DirectKind, string | undefined>> = {
	anthropic: 'https://api.anthropic.com',
	fireworks: 'https://api.fireworks.ai/inference/v1',
	'openai-compatible': undefined,
};

export const defaultModels: Readonly<Record<DirectKind, string>> = {
	anthropic: 'claude-3-haiku-20240307',
	fireworks: 'accounts/fireworks/models/llama-v3p1-8b-instruct',
	'openai-compatible': 'gpt-4o-mini',
};

export const apiKeyEnv: Readonly<Record<DirectKind, string>> = {
	anthropic: 'ANTHROPIC_API_KEY',
	fireworks: 'FIREWORKS_API_KEY',
	'openai-compatible': 'OPENAI_API_KEY',
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
	const common = {model, max_tokens: maxTokens, ...(temperature === undefined ? {} : {temperature}), stream};
	const body =
		api === 'chat'
			? {...common, messages: [{role: 'user', content: prompt}], ...(stream ? {stream_options: {include_usage: true}} : {})}
			: {...common, prompt};
	return {
		request: {path: api === 'chat' ? '/chat/completions' : '/completions', format: 'openai', usage: 'openai', body},
		headers: {'content-type': 'application/json', ...(apiKey ? {authorization: `Bearer ${apiKey}`} : {})},
	};
}

const directKinds = new Set<string>(['anthropic', 'fireworks', 'openai-compatible']);
export const isDirect = (target: string): target is DirectKind => directKinds.has(target);

/** Where a direct provider's API lives on the built-in mock gateway. */
const mockPrefixes: Readonly<Record<DirectKind, string>> = {anthropic: '', fireworks: '/inference/v1', 'openai-compatible': '/v1'};

/** The base URL of a direct endpoint on the running mock. */
export const mockDirectUrl = (kind: DirectKind, mock: string): string => mock + mockPrefixes[kind];
