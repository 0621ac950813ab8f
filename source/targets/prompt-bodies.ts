import {randomBytes} from 'node:crypto';
import {streamFor} from '../engine/random.js';
import {prefixTokens, prefixWords, promptWords} from './prompt-words.js';
import {countTokens} from './token-counter.js';
import type {Prompt, PromptSet, TokenLength} from '../plan/prompts.js';
import {type CompletionRequest, maxTokensField} from './completions-request.js';

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

	// The Responses API takes the conversation, system turns included, as `input`.
	if ('input' in body) body['input'] = turns.map(({role, content}) => ({role, content}));
	else if ('messages' in body) {
		const system = turns.filter((turn) => turn.role === 'system');
		// Anthropic takes the system prompt beside the conversation, not in it.
		if (request.format === 'anthropic') {
			body['messages'] = turns.filter((turn) => turn.role !== 'system').map(({role, content}) => ({role, content}));
			if (system.length > 0) body['system'] = system.map((turn) => turn.content).join('\n\n');
		} else body['messages'] = turns.map(({role, content}) => ({role, content}));
	} else body['prompt'] = prompt.text;
	if (prompt.maxTokens !== undefined) body[maxTokensField(request)] = prompt.maxTokens;
	return body;
}

/** Which prompt request number `seq` carries: in order, round and round; or drawn by `seed`, the same for the same number. */
export function promptIndex(set: PromptSet, seq: number): number {
	const count = set.prompts.length;
	if (set.seed === undefined) return seq % count;
	// A draw of its own for each request number: every endpoint and every run with this seed gets the same prompt for it.
	return Math.floor(streamFor(set.seed, seq, 0x9e_37_79_b9)() * count);
}

/** Eight words drawn at random (crypto: ~2^62 prefixes, never the same twice in practice), and a newline: always 9 tokens (see prompt-words.ts). */
export function uniquePrefixText(): string {
	return [...randomBytes(prefixWords)].map((byte) => promptWords[byte % promptWords.length]).join(' ') + '\n';
}

/**
 * `prefix` at the very start of what the model reads (Anthropic's system prompt, else the first
 * turn, else the prompt), where prefix caches match from: nothing after it can be served from one.
 */
export function withPrefix(body: Record<string, unknown>, prefix: string): Record<string, unknown> {
	if (typeof body['system'] === 'string') return {...body, system: prefix + body['system']};
	const messages = body['messages'] ?? body['input'];
	const field = Array.isArray(body['input']) ? 'input' : 'messages';
	if (Array.isArray(messages) && messages.length > 0) {
		const [first, ...rest] = messages as Array<Record<string, unknown>>;
		const text = typeof first?.['content'] === 'string' ? 'content' : typeof first?.['text'] === 'string' ? 'text' : undefined;
		if (first && text) return {...body, [field]: [{...first, [text]: prefix + String(first[text])}, ...rest]};
	}

	return typeof body['prompt'] === 'string' ? {...body, prompt: prefix + body['prompt']} : body;
}

/** What one request sends, and what it carried (for its row in the request CSV). */
export type RequestBody = {readonly body: string; readonly promptId?: string; readonly requestedOutputTokens?: number; readonly promptTokens?: number};

export type RequestBodies = string | ((seq: number) => RequestBody);

export type BodyOptions = {
	readonly prompts?: PromptSet;
	readonly uniquePrefix?: boolean;
	readonly outputTokens?: TokenLength;
	readonly exactOutput?: boolean;
	readonly seed?: number;
};

/** A length for request `seq`: normal around the mean (at least 1), the same for every endpoint and every run with this seed. */
export function drawLength({mean, sd}: TokenLength, seq: number, seed = 0): number {
	if (sd <= 0) return Math.max(1, Math.round(mean));
	const random = streamFor(seed, seq, 0x27_d4_eb_2d);
	// Box–Muller: two uniforms make one standard normal.
	const normal = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
	return Math.max(1, Math.round(mean + sd * normal));
}

/** The length asked for, in the body's own field; with `exact`, vLLM's `min_tokens` and `ignore_eos` (OpenAI-style bodies) so the server cannot stop early. */
export function withOutputLength(body: Record<string, unknown>, request: CompletionRequest, tokens: number, exact: boolean): Record<string, unknown> {
	if (request.format === 'sourcegraph') return {...body, maxTokensToSample: tokens};
	const exactly = exact && request.format === 'openai' ? {min_tokens: tokens, ignore_eos: true} : {};
	return {...body, [maxTokensField(request)]: tokens, ...exactly};
}

/**
 * What each request of a completions endpoint sends: one body for all (the original suite); each
 * request number's prompt from a set, every prompt's body built once, when first sent; a unique
 * prefix of its own on each request; an output length drawn for each request number. Bodies that
 * differ per request are serialised for it, before its timer starts.
 */
export function requestBodies(request: CompletionRequest, options: BodyOptions): RequestBodies {
	const {prompts, uniquePrefix, outputTokens, exactOutput = false, seed} = options;
	if (!prompts && !uniquePrefix && !outputTokens) return JSON.stringify(request.body);
	const built = new Map<number, {body: Record<string, unknown>; json: string; promptId: string; tokens?: number}>();
	const promptOf = (seq: number) => {
		if (!prompts) return undefined;
		const index = promptIndex(prompts, seq);
		let chosen = built.get(index);
		if (!chosen) {
			const prompt = prompts.prompts[index];
			if (!prompt) throw new Error(`no prompt ${index} in ${prompts.file}`);
			const body = withPrompt(request, prompt);
			// Made prompts know their length; a file's are counted (o200k_base) when the counter is loaded.
			const tokens = prompt.tokens ?? countTokens(prompt.text);
			chosen = {body, json: JSON.stringify(body), promptId: prompt.id, ...(tokens === undefined ? {} : {tokens})};
			built.set(index, chosen);
		}

		return chosen;
	};

	// The first request's prompt is made now, before any clock: made as it is sent, it delayed that send.
	promptOf(0);
	return (seq) => {
		const chosen = promptOf(seq);
		// What gatebench knows it sent, for servers whose reply reports no input tokens.
		const promptTokens = chosen?.tokens === undefined ? undefined : chosen.tokens + (uniquePrefix ? prefixTokens : 0);
		if (chosen && !uniquePrefix && !outputTokens) return {body: chosen.json, promptId: chosen.promptId, promptTokens};
		let body = chosen?.body ?? request.body;
		if (uniquePrefix) body = withPrefix(body, uniquePrefixText());
		const requestedOutputTokens = outputTokens ? drawLength(outputTokens, seq, seed) : undefined;
		if (requestedOutputTokens !== undefined) body = withOutputLength(body, request, requestedOutputTokens, exactOutput);
		return {body: JSON.stringify(body), promptId: chosen?.promptId, requestedOutputTokens, promptTokens};
	};
}
