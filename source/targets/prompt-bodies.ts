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

/** Each request number's body and prompt id; every prompt's body serialised once, when first sent. */
export function promptBodies(request: CompletionRequest, set: PromptSet): (seq: number) => {body: string; promptId: string} {
	const bodies = new Map<number, {body: string; promptId: string}>();
	return (seq) => {
		const index = promptIndex(set, seq);
		let chosen = bodies.get(index);
		if (!chosen) {
			const prompt = set.prompts[index];
			if (!prompt) throw new Error(`no prompt ${index} in ${set.file}`);
			chosen = {body: JSON.stringify(withPrompt(request, prompt)), promptId: prompt.id};
			bodies.set(index, chosen);
		}

		return chosen;
	};
}
