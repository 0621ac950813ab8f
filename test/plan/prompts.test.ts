import {describe, expect, it} from 'vitest';
import {parsePrompts, type PromptSet} from '../../source/plan/prompts.js';

const parsed = (content: string, file = 'p.jsonl'): PromptSet => {
	const set = parsePrompts(file, content);
	if (typeof set === 'string') throw new Error(set);
	return set;
};

describe('prompt files', () => {
	it('reads JSONL of prompts and of messages, with their ids and max_tokens', () => {
		const set = parsed(
			[
				'{"id": "a", "prompt": "Sort a list.", "max_tokens": 64}',
				'',
				'{"messages": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": [{"type": "text", "text": "Hi"}]}]}',
			].join('\n'),
		);
		expect(set.format).toBe('jsonl');
		expect(set.prompts).toEqual([
			{id: 'a', messages: [{role: 'user', content: 'Sort a list.'}], text: 'Sort a list.', maxTokens: 64},
			{
				id: '3',
				messages: [
					{role: 'system', content: 'Be brief.'},
					{role: 'user', content: 'Hi'},
				],
				text: 'Be brief.\n\nHi',
			},
		]);
	});

	it('reads an OpenAI batch file: custom_id and body.messages', () => {
		const line = {
			custom_id: 'req-7',
			method: 'POST',
			url: '/v1/chat/completions',
			body: {model: 'm', messages: [{role: 'user', content: 'Hello'}], max_tokens: 10},
		};
		const set = parsed(JSON.stringify(line));
		expect(set.format).toBe('batch');
		expect(set.prompts).toEqual([{id: 'req-7', messages: [{role: 'user', content: 'Hello'}], text: 'Hello', maxTokens: 10}]);
	});

	it('reads ShareGPT: the first human turn of each conversation, skipping those without one', () => {
		const conversations = [
			{
				id: 'x1',
				conversations: [
					{from: 'human', value: 'What is HTTP?'},
					{from: 'gpt', value: 'A protocol.'},
				],
			},
			{id: 'x2', conversations: [{from: 'gpt', value: 'Hello'}]},
			{
				conversations: [
					{from: 'system', value: 'Be kind.'},
					{from: 'human', value: 'Hi'},
				],
			},
		];
		const set = parsed(JSON.stringify(conversations, null, 2), 'sharegpt.json');
		expect(set.format).toBe('sharegpt');
		expect(set.prompts.map((prompt) => [prompt.id, prompt.text])).toEqual([
			['x1', 'What is HTTP?'],
			['3', 'Hi'],
		]);
	});

	it('reads plain text as one prompt per line, numbered by line', () => {
		const set = parsed('first prompt\r\n\nsecond prompt\n', 'p.txt');
		expect(set.format).toBe('text');
		expect(set.prompts.map((prompt) => [prompt.id, prompt.text])).toEqual([
			['1', 'first prompt'],
			['3', 'second prompt'],
		]);
	});

	it('names the file and line of what it cannot read, in one line', () => {
		expect(parsePrompts('p.jsonl', '{"prompt": "ok"}\n{"prompt": 3}\n')).toBe('p.jsonl:2: expected "prompt" (text) or "messages"');
		expect(parsePrompts('p.jsonl', '{"prompt": "ok"}\n{oops\n')).toBe('p.jsonl:2: not JSON (one object per line)');
		expect(parsePrompts('p.jsonl', '{"messages": [{"role": "user"}]}')).toBe('p.jsonl:1: each message needs a "role" and a text "content"');
		expect(parsePrompts('p.jsonl', '{"prompt": "a", "max_tokens": -1}')).toBe('p.jsonl:1: "max_tokens" must be a whole number above 0');
		expect(parsePrompts('p.jsonl', '{"custom_id": "1", "body": {"model": "m"}}')).toBe('p.jsonl:1: a batch request needs "body": {"messages": [...]}');
		expect(parsePrompts('s.json', '[{"id": 1}]')).toBe('s.json: conversation 1: expected {"conversations": [...]}');
		expect(parsePrompts('s.json', '[{"conversations": []}')).toBe('s.json: not JSON (a ShareGPT file is one list of conversations)');
		expect(parsePrompts('e.txt', '\n \n')).toBe('e.txt: no prompts in it');
	});
});
