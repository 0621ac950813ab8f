import {createParser} from 'eventsource-parser';
import {describe, expect, it} from 'vitest';
import {mulberry32} from '../../source/engine/random.js';
import {matchTemplate, templateOf} from '../../source/targets/event-template.js';
import {readStream, type StreamReading} from '../../source/targets/sse-stream.js';
import {SseFramer} from '../../source/targets/sse-frames.js';
import {eventReader, type StreamFormat} from '../../source/targets/stream-formats.js';
import type {HttpResponse} from '../../source/transport/http-types.js';
import {anthropicStreams} from '../fixtures/servers/anthropic.js';
import {errorCases} from '../fixtures/servers/errors.js';
import {moreServerStreams} from '../fixtures/servers/more-servers.js';
import {lineEndingStreams, openAiCompatibleStreams} from '../fixtures/servers/openai-compatible.js';
import {responsesStreams} from '../fixtures/servers/responses.js';

type Random = () => number;
const pick = <T>(random: Random, values: readonly T[]): T => values[Math.floor(random() * values.length)] as T;
const formats: readonly StreamFormat[] = ['openai', 'anthropic', 'responses', 'sourcegraph'];

/** Every real server's fixture body (OpenAI, vLLM, SGLang, TGI, Ollama, LiteLLM, OpenRouter, Anthropic, Sourcegraph, error replies). */
const fixtureBodies = (): Buffer[] =>
	[...openAiCompatibleStreams, ...lineEndingStreams, ...moreServerStreams, ...anthropicStreams, ...responsesStreams, ...errorCases].map(({fixture}) =>
		Buffer.concat(fixture.chunks.map((chunk) => ('bytes' in chunk ? Buffer.from(chunk.bytes) : chunk.data))),
	);

/** A body handed over in these pieces, each overwritten once read (the raw transport reuses its buffer). */
function replyOf(pieces: readonly Buffer[]): HttpResponse {
	return {
		status: 200,
		headers: {'content-type': 'text/event-stream'},
		consume: async (_cap, onChunk) => {
			for (const piece of pieces) {
				const reused = Buffer.from(piece);
				onChunk(reused);
				reused.fill(0x7b);
			}

			return pieces.reduce((sum, piece) => sum + piece.length, 0);
		},
	};
}

/** What a reading says, without its clock readings (the two runs read at different instants). */
const meaningOf = ({firstContentNs, firstAnswerNs, lastContentNs, gapsUs, stopAfter: _stop, parsed: _parsed, ...rest}: StreamReading) => ({
	...rest,
	firstContent: firstContentNs !== undefined,
	firstAnswer: firstAnswerNs !== undefined,
	answerFirst: firstAnswerNs !== undefined && firstAnswerNs === firstContentNs,
	last: lastContentNs !== undefined,
	gaps: gapsUs.length,
});

/** The body cut at `cuts`. */
const cutAt = (body: Buffer, cuts: readonly number[]): Buffer[] => [0, ...cuts].map((from, index) => body.subarray(from, cuts[index] ?? body.length));

const randomCuts = (random: Random, length: number): number[] =>
	[...new Set(Array.from({length: Math.floor(random() * 12)}, () => 1 + Math.floor(random() * (length - 1))))].sort((a, b) => a - b);

/** The same body read with the shortcuts and read in full, event by event: they must say the same. */
async function expectSameReading(format: StreamFormat, pieces: Buffer[], label: string): Promise<StreamReading> {
	const fast = await readStream(replyOf(pieces), format, 1e9);
	const full = await readStream(replyOf(pieces), format, 1e9, undefined, false);
	expect(meaningOf(fast), label).toEqual(meaningOf(full));
	return fast;
}

/** The events eventsource-parser (the library this framer replaced) finds in a whole body. */
function referenceEvents(body: Buffer): Array<[string | undefined, string]> {
	const events: Array<[string | undefined, string]> = [];
	const parser = createParser({onEvent: ({event, data}) => events.push([event, data])});
	// Fed whole, with its line ends made LF (the library holds a CR that ends what it is fed).
	const text = body.toString('utf8').replace(/\r\n?/g, '\n');
	parser.feed(text.startsWith('\uFEFF') ? text.slice(1) : text);
	return events;
}

function framedEvents(pieces: readonly Buffer[]): Array<[string | undefined, string]> {
	const events: Array<[string | undefined, string]> = [];
	const framer = new SseFramer((name, bytes, start, end) => events.push([name, bytes.toString('utf8', start, end)]), 1e9);
	for (const piece of pieces) {
		const reused = Buffer.from(piece);
		framer.push(reused);
		reused.fill(0x0d);
	}

	return events;
}

/** Text a server might stream: plain, escaped, unicode (split across bytes), and text that looks like the JSON around it. */
const texts = [
	' Hello',
	'world',
	'\n',
	'a "quoted" word',
	'back\\slash',
	'tab\t',
	'été ✓',
	'🙂',
	'</s>',
	'\u2028',
	'"content":"x',
	'\\"text\\":\\"',
	'{}',
	'[DONE]',
	'data: x',
];

/** One generated event's JSON: chat and legacy chunks, Anthropic deltas, with members around and now and then what changes its meaning. */
function eventJson(random: Random, id: string): {json: string; name?: string} {
	const text = pick(random, texts);
	const shape = random();
	if (shape < 0.35)
		return {
			json: JSON.stringify({
				id,
				object: 'chat.completion.chunk',
				model: 'm',
				choices: [{index: 0, delta: {[pick(random, ['content', 'content', 'reasoning_content', 'reasoning'])]: text}, finish_reason: null}],
			}),
		};
	if (shape < 0.5) return {json: JSON.stringify({id, object: 'text_completion', model: 'm', choices: [{index: 0, text, logprobs: null, finish_reason: null}]})};
	if (shape < 0.65) {
		const kind = pick(random, ['text_delta', 'thinking_delta', 'input_json_delta']);
		const field = kind === 'text_delta' ? 'text' : kind === 'thinking_delta' ? 'thinking' : 'partial_json';
		return {name: 'content_block_delta', json: JSON.stringify({type: 'content_block_delta', index: 0, delta: {type: kind, [field]: text}})};
	}

	if (shape < 0.7) return {json: JSON.stringify({id, model: 'm', choices: [{index: 0, delta: {tool_calls: [{index: 0, function: {arguments: text}}]}}]})};
	if (shape < 0.75) return {json: JSON.stringify({id, model: 'm', choices: [], usage: {prompt_tokens: 3, completion_tokens: Math.floor(random() * 9)}})};
	if (shape < 0.78) return {json: JSON.stringify({error: {message: text, type: 'server_error'}})};
	if (shape < 0.8) return {name: 'message_delta', json: JSON.stringify({type: 'message_delta', usage: {output_tokens: 4}})};
	if (shape < 0.82) return {json: '[DONE]'};
	if (shape < 0.86) return {json: JSON.stringify({id, choices: [{index: 0, delta: {content: text, text: pick(random, ['', 'x'])}}]})};
	// Damaged: cut, an escape that is not one, a raw control character, a repeated key.
	const whole = JSON.stringify({id, choices: [{index: 0, delta: {content: text}}]});
	return {
		json: pick(random, [
			whole.slice(0, Math.floor(random() * whole.length)),
			whole.replace('"content":"', '"content":"\\q'),
			whole.replace('"content":"', '"content":"\u0001'),
			whole.replace('"content":"', '"content":"","content":"'),
			whole.replace('"content":"', '"content":"\\u00e'),
		]),
	};
}

/** A generated stream: runs of like events (as servers send them), ids that change, line endings of every kind, comments, several data lines. */
function streamOf(random: Random): Buffer {
	const eol = pick(random, ['\n', '\r\n', '\r']);
	let body = random() < 0.1 ? '\uFEFF' : '';
	let id = 'c1';
	let like = eventJson(random, id);
	for (let index = 0; index < 2 + Math.floor(random() * 20); index++) {
		if (random() < 0.1) id = `c${index}`;
		// Most events repeat the last shape with new text, as a real stream does.
		const event =
			random() < 0.6 && like.json.includes('":"')
				? {
						...like,
						json: like.json.replace(
							/"(content|text|thinking|partial_json|reasoning_content|reasoning|arguments)":"(?:[^"\\]|\\.)*"/,
							(_m, key: string) => `"${key}":${JSON.stringify(pick(random, texts))}`,
						),
					}
				: eventJson(random, id);
		like = event;
		if (random() < 0.05) body += `: keep-alive${eol}`;
		if (event.name !== undefined) body += `event: ${event.name}${eol}`;
		body += random() < 0.05 ? `data: ${event.json.slice(0, 5)}${eol}data: ${event.json.slice(5)}${eol}${eol}` : `data: ${event.json}${eol}${eol}`;
	}

	return Buffer.from(body);
}

describe('SSE framed on bytes', () => {
	it('finds the events eventsource-parser finds, in every real server fixture, however the bytes are cut', () => {
		for (const body of fixtureBodies()) {
			const expected = referenceEvents(body);
			for (let cut = 1; cut < body.length; cut++) expect(framedEvents(cutAt(body, [cut])), `cut at ${cut}`).toEqual(expected);
		}
	});

	it('finds them in generated streams (CR, LF and CRLF, comments, several data lines, a byte-order mark) cut at every byte', () => {
		const random = mulberry32(0xfe1d);
		for (let stream = 0; stream < 100; stream++) {
			const body = streamOf(random);
			const expected = referenceEvents(body);
			for (let cut = 1; cut < body.length; cut += 1 + Math.floor(random() * 3))
				expect(framedEvents(cutAt(body, [cut])), `stream ${stream} cut at ${cut}`).toEqual(expected);
			expect(framedEvents(cutAt(body, randomCuts(random, body.length)))).toEqual(expected);
		}
	});
});

describe('token events recognised without parsing', () => {
	it('read every real server fixture as the full parse does, in every format, however the bytes are cut', async () => {
		for (const body of fixtureBodies())
			for (const format of formats)
				for (let cut = 1; cut < body.length; cut += 13) await expectSameReading(format, cutAt(body, [cut]), `${format}, cut at ${cut}`);
	});

	it('read 1,000 generated streams as the full parse does, and most of their token events without it', async () => {
		const random = mulberry32(0x7e3a);
		let tokens = 0;
		let parsedTokens = 0;
		for (let stream = 0; stream < 1000; stream++) {
			const body = streamOf(random);
			for (const format of formats) {
				const reading = await expectSameReading(
					format,
					cutAt(body, randomCuts(random, body.length)),
					`stream ${stream} (${format}): ${body.toString().slice(0, 300)}`,
				);
				if (format === 'sourcegraph') continue;
				tokens += reading.contentEvents;
				// Of the events a stream reads, those not read in full were token events recognised from their bytes.
				parsedTokens += reading.contentEvents - Math.min(reading.contentEvents, reading.events - reading.parsed);
			}
		}

		expect(tokens).toBeGreaterThan(3000);
		expect(parsedTokens / tokens).toBeLessThan(0.6);
	});

	it('take a repeated token event from the bytes, and leave to the full parse what differs', () => {
		const read = eventReader('openai', false);
		const event = (text: string, id = 'c1') => `{"id":"${id}","model":"m","choices":[{"index":0,"delta":{"content":${text}},"finish_reason":null}]}`;
		const first = event('"Hi"');
		const template = templateOf(undefined, first, read(undefined, first));
		expect(template).toBeDefined();
		const match = (data: string, name?: string) => {
			const bytes = Buffer.from(`xx${data}yy`);
			return matchTemplate(template!, name, bytes, 2, bytes.length - 2);
		};

		expect(match(event('" there"'))).toEqual({content: 'answer', model: 'm'});
		expect(match(event('"\\u00e9\\n\\"ok\\""'))).toEqual({content: 'answer', model: 'm'});
		expect(match(event('"été 🙂"'))).toEqual({content: 'answer', model: 'm'});
		for (const differs of [event('""'), event('"a\\q"'), event('"a\\u00e"'), event('"a"b"'), event('"a\u0001"'), event('" there"', 'c2'), event('null')])
			expect(match(differs), differs).toBeUndefined();
		expect(match(event('" there"'), 'completion')).toBeUndefined();
		// Only token events are templates, around one text member.
		for (const other of ['{"choices":[{"delta":{"content":""}}]}', '{"error":{"message":"x"}}', '{"choices":[{"delta":{"content":"a"}}],"x":{"content":"b"}}'])
			expect(templateOf(undefined, other, read(undefined, other)), other).toBeUndefined();
	});
});
