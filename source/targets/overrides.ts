import type {CompletionOverrides} from '../plan/pipelines.js';
import {type CompletionRequest, maxTokensField} from './completions-request.js';

/**
 * Applies a user's model, prompt, max tokens and temperature to one of the original's request
 * bodies, in that body's own field names, then any raw body overrides.
 */
export function applyOverrides(request: CompletionRequest, overrides: CompletionOverrides | undefined): CompletionRequest {
	if (!overrides) return request;
	const body: Record<string, unknown> = {...request.body};
	const sourcegraph = request.format === 'sourcegraph';
	if (overrides.model !== undefined) body['model'] = overrides.model;
	if (overrides.temperature !== undefined) body['temperature'] = overrides.temperature;
	if (overrides.maxTokens !== undefined) body[maxTokensField(request)] = overrides.maxTokens;
	if (overrides.prompt !== undefined) {
		if (sourcegraph) body['messages'] = [{speaker: 'human', text: overrides.prompt}];
		else if ('input' in body) body['input'] = [{role: 'user', content: overrides.prompt}];
		else if ('messages' in body) body['messages'] = [{role: 'user', content: overrides.prompt}];
		else body['prompt'] = overrides.prompt;
	}

	return {...request, body: {...body, ...overrides.body}};
}
