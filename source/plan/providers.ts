/** The provider APIs gatebench can call directly, besides the two original targets. */
export type DirectKind = 'anthropic' | 'fireworks' | 'openai-compatible';

/** OpenAI-style APIs: Chat Completions, legacy completions, and the Responses API (`POST /v1/responses`). */
export type OpenAiApi = 'chat' | 'completions' | 'responses';

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

const directKinds = new Set<string>(['anthropic', 'fireworks', 'openai-compatible']);

export const isDirect = (target: string): target is DirectKind => directKinds.has(target);

/** Where a direct provider's API lives on the built-in mock gateway. */
const mockPrefixes: Readonly<Record<DirectKind, string>> = {anthropic: '', fireworks: '/inference/v1', 'openai-compatible': '/v1'};

/** The base URL of a direct endpoint on the running mock. */
export const mockDirectUrl = (kind: DirectKind, mock: string): string => mock + mockPrefixes[kind];
