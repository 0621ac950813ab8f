import OpenAI from 'openai';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startMock, type MockServer} from '../../source/mock/server.js';
import {fast, postJson, readSse, rewritingFetch} from '../helpers/sdk-fetch.js';

const fireworksPath = '/v1/completions/fireworks';
const prompt = '#hello.ts<｜fim▁begin｜>const sayHello = () => <｜fim▁hole｜><｜fim▁end｜>';

describe('mock: OpenAI / Fireworks completions', () => {
	let mock: MockServer;
	let client: OpenAI;
	beforeAll(async () => {
		mock = await startMock(fast);
		client = new OpenAI({apiKey: 'test', baseURL: mock.url + '/v1', maxRetries: 0, fetch: rewritingFetch('/v1/completions', fireworksPath)});
	});
	afterAll(async () => mock.close());

	it('answers a non-streamed text_completion on the gateway path', async () => {
		const before = mock.stats.byPath[fireworksPath] ?? 0;
		const {data: completion, response, request_id: requestId} = await client.completions.create({model: 'starcoder', prompt, max_tokens: 256}).withResponse();
		expect(mock.stats.byPath[fireworksPath]).toBe(before + 1);
		expect(response.headers.get('x-cody-resolved-model')).toBe('fireworks/starcoder-16b');
		expect(completion.object).toBe('text_completion');
		expect(completion.choices[0]?.text.length).toBeGreaterThan(0);
		expect(completion.choices[0]?.finish_reason).toBe('stop');
		expect(completion.usage?.completion_tokens).toBeGreaterThanOrEqual(5);
		expect(requestId).toMatch(/^[\da-f]{32}$/);
	});

	it('streams completions with usage in the last chunk', async () => {
		const stream = await client.completions.create({model: 'starcoder', prompt, max_tokens: 256, stream: true});
		let withText = 0;
		let last: OpenAI.Completions.Completion | undefined;
		for await (const chunk of stream) {
			if (chunk.choices[0]?.text) {
				withText++;
			}

			last = chunk;
		}

		expect(withText).toBeGreaterThanOrEqual(5);
		expect(last?.choices[0]?.text).toBe('');
		expect(last?.choices[0]?.finish_reason).toBe('stop');
		expect(last?.usage?.completion_tokens).toBe(withText);
		expect(last?.usage?.total_tokens).toBe(withText + (last?.usage?.prompt_tokens ?? 0));
	});

	it('caps a stream at max_tokens with finish_reason length', async () => {
		const stream = await client.completions.create({model: 'starcoder', prompt, max_tokens: 2, stream: true});
		const chunks = [];
		for await (const chunk of stream) {
			chunks.push(chunk);
		}

		expect(chunks.filter((chunk) => chunk.choices[0]?.text)).toHaveLength(2);
		expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe('length');
	});

	it('streams chat completions with include_usage', async () => {
		const stream = await client.chat.completions.create({
			model: 'gpt-4o',
			messages: [{role: 'user', content: 'hi'}],
			stream: true,
			stream_options: {include_usage: true},
		});
		const chunks = [];
		for await (const chunk of stream) {
			chunks.push(chunk);
		}

		expect(chunks[0]?.choices[0]?.delta).toEqual({role: 'assistant', content: ''});
		const content = chunks.filter((chunk) => chunk.choices[0]?.delta.content);
		expect(content.length).toBeGreaterThanOrEqual(5);
		expect(content.every((chunk) => chunk.usage === null)).toBe(true);
		const usage = chunks.at(-1);
		expect(usage?.choices).toEqual([]);
		expect(usage?.usage?.completion_tokens).toBe(content.length);
		expect(chunks.at(-2)?.choices[0]?.finish_reason).toBe('stop');
	});

	it('answers non-streamed chat on /inference/v1 and streams plain chat without usage', async () => {
		const fireworks = new OpenAI({apiKey: 'test', baseURL: mock.url + '/inference/v1', maxRetries: 0});
		const completion = await fireworks.chat.completions.create({model: 'accounts/fireworks/models/x', messages: [{role: 'user', content: 'hi'}]});
		expect(completion.object).toBe('chat.completion');
		expect(completion.choices[0]?.message.content?.length).toBeGreaterThan(0);
		const response = await postJson(mock.url + '/v1/chat/completions', {model: 'm', messages: [], stream: true});
		const events = await readSse(response);
		expect(events.at(-1)?.data).toBe('[DONE]');
		expect(events.every((event) => event.event === undefined)).toBe(true);
		expect(events.some((event) => event.data.includes('usage'))).toBe(false);
	});

	it('serves chat on the fireworks gateway path when the body has messages', async () => {
		const response = await postJson(mock.url + fireworksPath, {model: 'starcoder', messages: [{role: 'user', content: 'hi'}]});
		expect(await response.json()).toMatchObject({object: 'chat.completion'});
	});

	it('reports injected failures in the OpenAI error shape without being retried', async () => {
		const failing = await startMock({...fast, failRate: 1, failStatus: 503});
		try {
			const sdk = new OpenAI({apiKey: 'test', baseURL: failing.url + '/v1', maxRetries: 2, fetch: rewritingFetch('/v1/completions', fireworksPath)});
			const error = await sdk.completions.create({model: 'starcoder', prompt}).catch((error: unknown) => error);
			expect(error).toBeInstanceOf(OpenAI.InternalServerError);
			const apiError = error as InstanceType<typeof OpenAI.APIError>;
			expect(apiError.status).toBe(503);
			expect(apiError.type).toBe('server_error');
			expect(apiError.param).toBeNull();
			expect(apiError.requestID).toMatch(/^[\da-f]{32}$/);
			expect(failing.stats.requests).toBe(1);
		} finally {
			await failing.close();
		}
	});

	it('answers 401 in the OpenAI error shape when the token is wrong', async () => {
		const guarded = await startMock({...fast, requireToken: 'sekrit'});
		try {
			const wrong = new OpenAI({apiKey: 'nope', baseURL: guarded.url + '/v1', maxRetries: 0});
			const error = await wrong.completions.create({model: 'm', prompt}).catch((error: unknown) => error);
			expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
			expect((error as InstanceType<typeof OpenAI.APIError>).code).toBe('invalid_api_key');
			const right = new OpenAI({apiKey: 'sekrit', baseURL: guarded.url + '/v1', maxRetries: 0});
			await expect(right.completions.create({model: 'm', prompt})).resolves.toMatchObject({object: 'text_completion'});
		} finally {
			await guarded.close();
		}
	});
});
