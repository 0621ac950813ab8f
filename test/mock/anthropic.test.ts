import Anthropic from '@anthropic-ai/sdk';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startMock, type MockServer} from '../../source/mock/server.js';
import {fast, postJson, readSse, rewritingFetch} from '../helpers/sdk-fetch.js';

const gatewayPath = '/v1/completions/anthropic-messages';
const messages = [
	{role: 'user' as const, content: 'def bubble_sort(arr):'},
	{role: 'assistant' as const, content: [{type: 'text' as const, text: 'Here is a bubble sort:'}]},
];

describe('mock: Anthropic Messages API', () => {
	let mock: MockServer;
	let client: Anthropic;
	beforeAll(async () => {
		mock = await startMock(fast);
		client = new Anthropic({apiKey: 'test', baseURL: mock.url, maxRetries: 0, fetch: rewritingFetch('/v1/messages', gatewayPath)});
	});
	afterAll(async () => mock.close());

	it('answers a non-streamed message on the gateway path', async () => {
		const before = mock.stats.byPath[gatewayPath] ?? 0;
		const message = await client.messages.create({model: 'claude-3-haiku-20240307', max_tokens: 256, messages});
		expect(mock.stats.byPath[gatewayPath]).toBe(before + 1);
		const block = message.content[0];
		expect(block?.type).toBe('text');
		expect(block?.type === 'text' && block.text.length > 0).toBe(true);
		expect(message.stop_reason).toBe('end_turn');
		expect(message.usage.output_tokens).toBeGreaterThanOrEqual(5);
		expect(message.usage.output_tokens).toBeLessThanOrEqual(12);
		expect(message.usage.input_tokens).toBeGreaterThan(0);
		expect(message._request_id).toMatch(/^req_[\da-f]{32}$/);
	});

	it('streams a message whose usage equals the number of text deltas', async () => {
		const stream = client.messages.stream({model: 'claude-3-haiku-20240307', max_tokens: 256, messages});
		let deltas = 0;
		let text = '';
		for await (const event of stream) {
			if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') {
				deltas++;
				text += event.delta.text;
			}
		}

		const message = await stream.finalMessage();
		expect(deltas).toBeGreaterThanOrEqual(5);
		expect(message.usage.output_tokens).toBe(deltas);
		expect(message.stop_reason).toBe('end_turn');
		const block = message.content[0];
		expect(block?.type === 'text' ? block.text : undefined).toBe(text);
	});

	it('stops at max_tokens with stop_reason max_tokens', async () => {
		const stream = client.messages.stream({model: 'claude-3-haiku-20240307', max_tokens: 3, messages});
		const message = await stream.finalMessage();
		expect(message.usage.output_tokens).toBe(3);
		expect(message.stop_reason).toBe('max_tokens');
	});

	it('serves /v1/messages directly, with Bearer auth and any anthropic-version', async () => {
		const direct = new Anthropic({apiKey: null, authToken: 'test', baseURL: mock.url, maxRetries: 0, defaultHeaders: {'anthropic-version': '2026-10-21'}});
		const before = mock.stats.byPath['/v1/messages'] ?? 0;
		const message = await direct.messages.stream({model: 'claude-3-haiku-20240307', max_tokens: 64, messages}).finalMessage();
		expect(mock.stats.byPath['/v1/messages']).toBe(before + 1);
		expect(message.usage.output_tokens).toBeGreaterThan(0);
	});

	it('writes the SSE bytes like the SDK fixture', async () => {
		const response = await postJson(mock.url + gatewayPath, {model: 'anthropic/claude-3-haiku-20240307', max_tokens: 256, messages, stream: true});
		expect(response.headers.get('content-type')).toBe('text/event-stream');
		expect(response.headers.get('x-cody-resolved-model')).toBe('anthropic/claude-3-haiku-20240307');
		expect(response.headers.get('x-trace')).toMatch(/^[\da-f]{32}$/);
		expect(response.headers.get('x-trace-span')).toMatch(/^[\da-f]{16}$/);
		expect(response.headers.get('anthropic-ratelimit-requests-reset')).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
		const body = await response.text();
		expect(body).not.toContain('\r');
		const names = [...body.matchAll(/^event: (.+)$/gm)].map((match) => match[1]);
		expect(names.slice(0, 3)).toEqual(['message_start', 'content_block_start', 'ping']);
		expect(names.slice(-3)).toEqual(['content_block_stop', 'message_delta', 'message_stop']);
		expect(
			body
				.split('\n\n')
				.filter(Boolean)
				.every((event) => /^event: \S+\ndata: [^\n]+$/.test(event)),
		).toBe(true);
		expect(body).toContain('event: ping\ndata: {"type": "ping"}\n\n');
		expect(body.endsWith('event: message_stop\ndata: {"type":"message_stop"}\n\n')).toBe(true);
	});

	it('reports injected failures in the Anthropic error shape without being retried', async () => {
		const failing = await startMock({...fast, failRate: 1, failStatus: 529});
		try {
			const sdk = new Anthropic({apiKey: 'test', baseURL: failing.url, maxRetries: 2});
			const error = await sdk.messages.create({model: 'm', max_tokens: 8, messages}).catch((error: unknown) => error);
			expect(error).toBeInstanceOf(Anthropic.APIError);
			const apiError = error as InstanceType<typeof Anthropic.APIError>;
			expect(apiError.status).toBe(529);
			expect(apiError.type).toBe('overloaded_error');
			expect(apiError.requestID).toMatch(/^req_/);
			expect(apiError.headers?.get('x-should-retry')).toBe('false');
			expect(failing.stats.requests).toBe(1);
		} finally {
			await failing.close();
		}
	});

	it('demands the token when requireToken is set', async () => {
		const guarded = await startMock({...fast, requireToken: 'sekrit'});
		try {
			const wrong = new Anthropic({apiKey: 'nope', baseURL: guarded.url, maxRetries: 0});
			const error = await wrong.messages.create({model: 'm', max_tokens: 8, messages}).catch((error: unknown) => error);
			expect(error).toBeInstanceOf(Anthropic.AuthenticationError);
			const right = new Anthropic({apiKey: 'sekrit', baseURL: guarded.url, maxRetries: 0});
			await expect(right.messages.create({model: 'm', max_tokens: 8, messages})).resolves.toMatchObject({type: 'message'});
		} finally {
			await guarded.close();
		}
	});

	it('rejects a body that is not JSON with invalid_request_error', async () => {
		const response = await fetch(mock.url + gatewayPath, {method: 'POST', body: 'nope'});
		expect(response.status).toBe(400);
		expect(await response.json()).toMatchObject({type: 'error', error: {type: 'invalid_request_error'}});
	});

	it('time-stamps events per the latency model', async () => {
		const slow = await startMock({ttftMs: 50, tokenDelayMs: 5, minTokens: 10, maxTokens: 10});
		try {
			const started = performance.now();
			const response = await postJson(slow.url + '/v1/messages', {model: 'm', max_tokens: 256, messages, stream: true});
			const events = await readSse(response, started);
			const totalMs = performance.now() - started;
			const deltas = events.filter((event) => event.event === 'content_block_delta');
			expect(deltas).toHaveLength(10);
			expect(deltas[0]!.atMs).toBeGreaterThanOrEqual(45);
			// Never early: the last token is not before its target (a late first token may be
			// followed by a catch-up burst on a loaded machine, so gaps alone prove nothing).
			expect(deltas[9]!.atMs).toBeGreaterThanOrEqual(50 + 9 * 5 - 5);
			expect(totalMs).toBeGreaterThanOrEqual(50 + 9 * 5 - 10);
			expect(events.at(-1)?.event).toBe('message_stop');
		} finally {
			await slow.close();
		}
	});
});
