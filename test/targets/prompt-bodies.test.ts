import {describe, expect, it} from 'vitest';
import type {Prompt, PromptSet} from '../../source/plan/prompts.js';
import {completionRequest} from '../../source/targets/completions-request.js';
import {directRequest} from '../../source/targets/direct-requests.js';
import {promptBodies, promptIndex, withPrompt} from '../../source/targets/prompt-bodies.js';

const conversation: Prompt = {
	id: 'c1',
	messages: [
		{role: 'system', content: 'Be brief.'},
		{role: 'user', content: 'What is HTTP?'},
	],
	text: 'Be brief.\n\nWhat is HTTP?',
	maxTokens: 32,
};
const direct = (kind: 'anthropic' | 'openai-compatible', api?: 'chat' | 'completions') =>
	directRequest({kind, model: 'm', prompt: 'default', maxTokens: 256, stream: true, ...(api ? {api} : {})}).request;

describe('a prompt in each body, in its own field names', () => {
	it('Anthropic: the system turn beside the messages, max_tokens from the prompt', () => {
		expect(withPrompt(direct('anthropic'), conversation)).toMatchObject({
			system: 'Be brief.',
			messages: [{role: 'user', content: 'What is HTTP?'}],
			max_tokens: 32,
			model: 'm',
			stream: true,
		});
	});

	it('OpenAI chat: every turn in messages; legacy completions and FIM: the text as prompt', () => {
		expect(withPrompt(direct('openai-compatible'), conversation)).toMatchObject({messages: conversation.messages, max_tokens: 32});
		expect(withPrompt(direct('openai-compatible', 'completions'), conversation)).toMatchObject({prompt: conversation.text, max_tokens: 32});
		// The gateway's Fireworks code completion (FIM) takes a prompt too.
		expect(withPrompt(completionRequest('gateway', 'fireworks', false, 256), conversation)).toMatchObject({prompt: conversation.text, model: 'starcoder'});
	});

	it('Sourcegraph: speakers, and maxTokensToSample', () => {
		const request = completionRequest('sourcegraph', 'anthropic', false, 256);
		expect(request.format).toBe('sourcegraph');
		expect(withPrompt(request, conversation)).toMatchObject({
			messages: [
				{speaker: 'human', text: 'Be brief.'},
				{speaker: 'human', text: 'What is HTTP?'},
			],
			maxTokensToSample: 32,
		});
	});

	it('takes prompts in order round and round, or drawn by the seed the same way for the same request number', () => {
		const set: PromptSet = {
			file: 'p',
			format: 'text',
			prompts: Array.from({length: 5}, (_, index) => ({id: String(index), messages: [], text: String(index)})),
		};
		expect(Array.from({length: 7}, (_, seq) => promptIndex(set, seq))).toEqual([0, 1, 2, 3, 4, 0, 1]);
		const seeded = {...set, seed: 3};
		const draws = Array.from({length: 50}, (_, seq) => promptIndex(seeded, seq));
		expect(Array.from({length: 50}, (_, seq) => promptIndex(seeded, seq))).toEqual(draws);
		expect(new Set(draws).size).toBe(5);
		expect(draws).not.toEqual(Array.from({length: 50}, (_, seq) => promptIndex({...set, seed: 4}, seq)));
		const bodies = promptBodies(direct('openai-compatible'), set);
		expect(bodies(6)).toEqual({promptId: '1', body: JSON.stringify(withPrompt(direct('openai-compatible'), set.prompts[1]!))});
		// Serialised once per prompt: the same string object the next time.
		expect(bodies(1).body).toBe(bodies(6).body);
	});
});
