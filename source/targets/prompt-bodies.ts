import {randomBytes} from 'node:crypto';
import {mulberry32} from '../engine/random.js';
import type {Prompt, PromptSet} from '../plan/prompts.js';
import type {CompletionRequest} from './completions-request.js';

/**
 * A request's body carrying one prompt, in the body's own field names: Anthropic's `system` and
 * `messages`, OpenAI's `messages` (chat) or `prompt` (completions and FIM), Sourcegraph's
 * `messages` of speakers; the prompt's own `max_tokens`, when it gave one.
 */
export function withPrompt(request: CompletionRequest, prompt: Prompt): Record<string, unknown> {
	const body: Record<string, unknown> = {...request.body};
	const turns = prompt.messages;
	if (request.format === 'sourcegraph') {
		body['messages'] = turns.map((turn) => ({speaker: turn.role === 'assistant' ? 'assistant' : 'human', text: turn.content}));
		if (prompt.maxTokens !== undefined) body['maxTokensToSample'] = prompt.maxTokens;
		return body;
	}

	if ('messages' in body) {
		const system = turns.filter((turn) => turn.role === 'system');
		// Anthropic takes the system prompt beside the conversation, not in it.
		if (request.format === 'anthropic') {
			body['messages'] = turns.filter((turn) => turn.role !== 'system').map(({role, content}) => ({role, content}));
			if (system.length > 0) body['system'] = system.map((turn) => turn.content).join('\n\n');
		} else body['messages'] = turns.map(({role, content}) => ({role, content}));
	} else body['prompt'] = prompt.text;
	if (prompt.maxTokens !== undefined) body['max_tokens'] = prompt.maxTokens;
	return body;
}

/** Which prompt request number `seq` carries: in order, round and round; or drawn by `seed`, the same for the same number. */
export function promptIndex(set: PromptSet, seq: number): number {
	const count = set.prompts.length;
	if (set.seed === undefined) return seq % count;
	// A draw of its own for each request number: every endpoint and every run with this seed gets the same prompt for it.
	return Math.floor(mulberry32((set.seed ^ Math.imul(seq + 1, 0x9e_37_79_b9)) >>> 0)() * count);
}

/**
 * `prefix` at the very start of what the model reads (Anthropic's system prompt, else the first
 * turn, else the prompt), where prefix caches match from: nothing after it can be served from one.
 */
export function withPrefix(body: Record<string, unknown>, prefix: string): Record<string, unknown> {
	if (typeof body['system'] === 'string') return {...body, system: prefix + body['system']};
	const messages = body['messages'];
	if (Array.isArray(messages) && messages.length > 0) {
		const [first, ...rest] = messages as Array<Record<string, unknown>>;
		const field = typeof first?.['content'] === 'string' ? 'content' : typeof first?.['text'] === 'string' ? 'text' : undefined;
		if (first && field) return {...body, messages: [{...first, [field]: prefix + String(first[field])}, ...rest]};
	}

	return typeof body['prompt'] === 'string' ? {...body, prompt: prefix + body['prompt']} : body;
}

export type RequestBodies = string | ((seq: number) => {readonly body: string; readonly promptId?: string});

/**
 * What each request of a completions endpoint sends: one body for all (the original suite); each
 * request number's prompt from a set, every prompt's body serialised once, when first sent; and with
 * `uniquePrefix`, a prefix of this endpoint's own (random per run) and the request number, so no two
 * requests, endpoints or runs share a prompt's start (each body serialised for its request then).
 */
export function requestBodies(request: CompletionRequest, {prompts, uniquePrefix}: {prompts?: PromptSet; uniquePrefix?: boolean}): RequestBodies {
	if (!prompts && !uniquePrefix) return JSON.stringify(request.body);
	const nonce = randomBytes(4).toString('hex');
	const prefixOf = (seq: number) => `[${nonce}-${seq}] `;
	if (!prompts) return (seq) => ({body: JSON.stringify(withPrefix(request.body, prefixOf(seq)))});
	const built = new Map<number, {body: Record<string, unknown>; json: string; promptId: string}>();
	return (seq) => {
		const index = promptIndex(prompts, seq);
		let chosen = built.get(index);
		if (!chosen) {
			const prompt = prompts.prompts[index];
			if (!prompt) throw new Error(`no prompt ${index} in ${prompts.file}`);
			const body = withPrompt(request, prompt);
			chosen = {body, json: JSON.stringify(body), promptId: prompt.id};
			built.set(index, chosen);
		}

		return {body: uniquePrefix ? JSON.stringify(withPrefix(chosen.body, prefixOf(seq))) : chosen.json, promptId: chosen.promptId};
	};
}
