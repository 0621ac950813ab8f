import {describe, expect, it} from 'vitest';
import {mulberry32} from '../../source/engine/random.js';
import {openAiTextDelta, openaiParsed} from '../../source/targets/stream-formats.js';
import {errorCases} from '../fixtures/servers/errors.js';
import {lineEndingStreams, openAiCompatibleStreams} from '../fixtures/servers/openai-compatible.js';
import {moreServerStreams} from '../fixtures/servers/more-servers.js';

/** Every SSE `data:` payload of the real servers' fixtures (OpenAI, vLLM, SGLang, TGI, Ollama, LiteLLM, OpenRouter …). */
function fixturePayloads(): string[] {
	const fixtures = [...openAiCompatibleStreams, ...lineEndingStreams, ...moreServerStreams, ...errorCases].map((each) => each.fixture);
	const text = fixtures.flatMap((fixture) => fixture.chunks.map((chunk) => ('bytes' in chunk ? chunk.bytes : chunk.data.toString('utf8')))).join('');
	return text
		.split(/\r\n|\r|\n/)
		.filter((line) => line.startsWith('data:'))
		.map((line) => line.slice(5).replace(/^ /, ''));
}

/** The shortcut, where it answers, says what the full parse says, but the model (the stream reads it from its first events in full). */
const agrees = (data: string) => {
	const fast = openAiTextDelta(data);
	// The answer's text is read only by the full parse (a conversation's next turn repeats it; templates are off then).
	const {model: _model, text: _text, ...parsed} = openaiParsed(data);
	if (fast !== undefined) expect(fast, data).toEqual(parsed);
	return fast !== undefined;
};

type Random = () => number;
const pick = <T>(random: Random, values: readonly T[]): T => values[Math.floor(random() * values.length)] as T;

/** Strings a server might send: plain, escaped quotes and backslashes, unicode escapes, emoji, markup. */
const texts = ['Hello', ' world', '', '\n', 'a "quoted" word', 'back\\slash', 'tab\there', '\u00e9t\u00e9', '😀', '<b>x</b>', '\u2028', 'content', '"error"'];

function value(random: Random, depth = 0): unknown {
	const kinds = depth > 1 ? ['string', 'number', 'null', 'bool'] : ['string', 'number', 'null', 'bool', 'object', 'array'];
	switch (pick(random, kinds)) {
		case 'string':
			return pick(random, texts);
		case 'number':
			return pick(random, [0, 1, -3, 1.5, 1e21, 1733000000]);
		case 'null':
			return null;
		case 'bool':
			return random() < 0.5;
		case 'object':
			return {[pick(random, ['a', 'content', 'error', 'usage', 'text'])]: value(random, depth + 1)};
		default:
			return [value(random, depth + 1)];
	}
}

/** A chat chunk with random members around the delta, and now and then what changes its meaning. */
function chunk(random: Random): string {
	const extra = () =>
		Object.fromEntries(
			Array.from({length: Math.floor(random() * 3)}, () => [pick(random, ['id', 'model', 'logprobs', 'finish_reason', 'refusal', 'role', 'x']), value(random)]),
		);
	const delta: Record<string, unknown> = {...extra()};
	const content = random();
	if (content < 0.6) delta['content'] = pick(random, texts);
	else if (content < 0.7) delta['content'] = null;
	else if (content < 0.75) delta['content'] = 7;
	if (random() < 0.1) delta['reasoning_content'] = pick(random, texts);
	if (random() < 0.1) delta['tool_calls'] = [{index: 0, function: {arguments: pick(random, texts)}}];
	const choice = {index: 0, ...extra(), delta, ...extra()};
	const choices = random() < 0.1 ? [choice, {index: 1, delta: {content: 'other'}}] : random() < 0.05 ? [] : [choice];
	const body: Record<string, unknown> = {...extra(), choices, ...extra()};
	if (random() < 0.1) body['usage'] = random() < 0.5 ? null : {completion_tokens: 3, prompt_tokens: 5};
	if (random() < 0.05) body['error'] = random() < 0.5 ? null : {message: 'overloaded', type: 'server_error'};
	if (random() < 0.03) body['object'] = 'error';
	let text = JSON.stringify(body);
	// What real bytes can do that JSON.stringify never does: repeated keys, escaped keys, cut or damaged events.
	const damage = random();
	if (damage < 0.05) text = text.replace('"delta":{', '"delta":{"content":"",');
	else if (damage < 0.1) text = text.replace('"content":', '"cont\\u0065nt":');
	else if (damage < 0.2) text = text.slice(0, Math.floor(random() * text.length));
	else if (damage < 0.25) {
		const at = Math.floor(random() * text.length);
		text = text.slice(0, at) + pick(random, ['"', '\\', '}', ',', '\u0001', ' ']) + text.slice(at);
	} else if (damage < 0.3) text = text.replace(/,"content":"([^"]*)"/, ',"content":"$1","content":""');
	return text;
}

describe("the OpenAI-style stream's fast path", () => {
	it('says what JSON.parse says on every event of the real servers’ fixtures, and takes the common text delta', () => {
		const payloads = fixturePayloads();
		expect(payloads.length).toBeGreaterThan(50);
		const taken = payloads.filter(agrees);
		// It is the common case: most answer events of those servers (31 of 35) are taken without a full parse.
		const answers = payloads.filter((data) => openaiParsed(data).content === 'answer');
		expect(taken.length).toBeGreaterThan(0.8 * answers.length);
	});

	it('says what JSON.parse says on 20,000 generated chunks, damaged, repeated and escaped ones included', () => {
		const random = mulberry32(0x5eed);
		let taken = 0;
		let answers = 0;
		for (let index = 0; index < 20_000; index++) {
			const data = chunk(random);
			if (agrees(data)) taken++;
			if (openaiParsed(data).content === 'answer') answers++;
		}

		// Many answers are taken (about 1,000), many more take the full parse (nested members, several choices, damage): never a wrong shortcut.
		expect(taken).toBeGreaterThan(500);
		expect(taken).toBeLessThan(answers);
	});

	it('leaves what it cannot be sure of to the full parse', () => {
		const base = {id: 'c', choices: [{index: 0, delta: {content: 'Hi'}, finish_reason: null}]};
		expect(openAiTextDelta(JSON.stringify(base))).toEqual({content: 'answer'});
		for (const other of [
			{...base, usage: {completion_tokens: 4}},
			{...base, error: null},
			{...base, choices: [{index: 0, delta: {content: ''}}]},
			{...base, choices: [{index: 0, delta: {role: 'assistant'}}]},
			{...base, choices: [{index: 0, delta: {content: 'Hi'}, logprobs: {content: [{token: 'Hi'}]}}]},
		])
			expect(openAiTextDelta(JSON.stringify(other)), JSON.stringify(other)).toBeUndefined();
		expect(openAiTextDelta('{"choices":[{"delta":{"content":"Hi"}}]')).toBeUndefined();
		expect(openAiTextDelta('{"choices":[{"delta":{"content":"Hi\\q"}}]}')).toBeUndefined();
	});
});
