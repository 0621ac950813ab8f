import {describe, expect, it} from 'vitest';
import type {Prompt, PromptSet} from '../../source/plan/prompts.js';
import {completionRequest} from '../../source/targets/completions-request.js';
import {directRequest} from '../../source/targets/direct-requests.js';
import {promptIndex, requestBodies, withPrefix, withPrompt} from '../../source/targets/prompt-bodies.js';

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
		const bodies = requestBodies(direct('openai-compatible'), {prompts: set});
		if (typeof bodies === 'string') throw new Error('a prompt set gives each request its body');
		expect(bodies(6)).toEqual({promptId: '1', body: JSON.stringify(withPrompt(direct('openai-compatible'), set.prompts[1]!))});
		expect(bodies(1).body).toBe(bodies(6).body);
	});

	it('puts a unique prefix where prefix caches match from: the system prompt, else the first turn, else the prompt', () => {
		expect(withPrefix({system: 'Be brief.', messages: [{role: 'user', content: 'Hi'}]}, 'P ')).toEqual({
			system: 'P Be brief.',
			messages: [{role: 'user', content: 'Hi'}],
		});
		expect(
			withPrefix(
				{
					messages: [
						{role: 'user', content: 'Hi'},
						{role: 'assistant', content: 'Yo'},
					],
				},
				'P ',
			),
		).toEqual({
			messages: [
				{role: 'user', content: 'P Hi'},
				{role: 'assistant', content: 'Yo'},
			],
		});
		expect(withPrefix({messages: [{speaker: 'human', text: 'Hi'}]}, 'P ')).toEqual({messages: [{speaker: 'human', text: 'P Hi'}]});
		expect(withPrefix({prompt: 'def f():'}, 'P ')).toEqual({prompt: 'P def f():'});
		// Every request and every endpoint its own: two endpoints built from one request never share a prefix.
		const [one, two] = [requestBodies(direct('anthropic'), {uniquePrefix: true}), requestBodies(direct('anthropic'), {uniquePrefix: true})];
		if (typeof one === 'string' || typeof two === 'string') throw new Error('a unique prefix gives each request its body');
		const sent = [one(0), one(1), two(0)].map(({body}) => JSON.stringify((JSON.parse(body) as {messages: unknown}).messages));
		expect(new Set(sent).size).toBe(3);
		expect(one(0).body).toMatch(/"content":"(?:[a-z]+ ){7}[a-z]+\\ndefault"/);
	});
});
