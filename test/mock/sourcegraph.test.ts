import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startMock, type MockServer} from '../../source/mock/server.js';
import {fast, postJson, readSse} from '../helpers/sdk-fetch.js';

const chatBody = {
	model: 'anthropic::2023-06-01::claude-3-haiku',
	messages: [
		{speaker: 'human', text: 'def bubble_sort(arr):'},
		{speaker: 'assistant', text: 'Here is a bubble sort:'},
	],
	maxTokensToSample: 256,
	temperature: 0,
};

describe('mock: Sourcegraph completions', () => {
	let mock: MockServer;
	beforeAll(async () => {
		mock = await startMock(fast);
	});
	afterAll(async () => mock.close());

	it('streams cumulative completions by default (legacy api-version)', async () => {
		const response = await postJson(mock.url + '/.api/completions/stream', chatBody, {authorization: 'token sgp_x'});
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toBe('text/event-stream');
		expect(response.headers.get('cache-control')).toBe('no-cache');
		expect(response.headers.get('x-accel-buffering')).toBe('no');
		expect(response.headers.get('x-trace')).toMatch(/^[\da-f]{32}$/);
		const events = await readSse(response);
		expect(events.at(-1)).toMatchObject({event: 'done', data: '{}'});
		const completions = events.slice(0, -1).map((event) => {
			expect(event.event).toBe('completion');
			return JSON.parse(event.data) as {completion: string; stopReason: string};
		});
		expect(completions.length).toBeGreaterThanOrEqual(5);
		for (let i = 1; i < completions.length; i++) {
			expect(completions[i]!.completion.startsWith(completions[i - 1]!.completion)).toBe(true);
			expect(completions[i]!.completion.length).toBeGreaterThan(completions[i - 1]!.completion.length);
		}

		expect(completions.slice(0, -1).every((c) => c.stopReason === '')).toBe(true);
		expect(completions.at(-1)?.stopReason).toBe('end_turn');
	});

	it('streams deltaText with api-version=2, then a stopReason-only event', async () => {
		const response = await postJson(mock.url + '/.api/completions/stream?api-version=2&client-name=gatebench', chatBody);
		const events = await readSse(response);
		expect(events.at(-1)).toMatchObject({event: 'done', data: '{}'});
		const completions = events.slice(0, -1).map((event) => JSON.parse(event.data) as {completion: string; deltaText?: string; stopReason: string});
		const deltas = completions.slice(0, -1);
		expect(deltas.length).toBeGreaterThanOrEqual(5);
		expect(deltas.every((c) => c.completion === '' && c.stopReason === '' && (c.deltaText ?? '').length > 0)).toBe(true);
		expect(completions.at(-1)).toEqual({completion: '', stopReason: 'end_turn'});
	});

	it('caps the stream at maxTokensToSample', async () => {
		const response = await postJson(mock.url + '/.api/completions/stream?api-version=2', {...chatBody, maxTokensToSample: 3});
		const events = await readSse(response);
		expect(events.filter((event) => event.data.includes('deltaText'))).toHaveLength(3);
		expect(JSON.parse(events.at(-2)!.data)).toEqual({completion: '', stopReason: 'max_tokens'});
	});

	it('answers /.api/completions/code without streaming by default', async () => {
		const response = await postJson(mock.url + '/.api/completions/code', {...chatBody, model: 'fireworks::v1::starcoder'});
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
		const body = JSON.parse(await response.text()) as {completion: string; stopReason: string};
		expect(body.completion.length).toBeGreaterThan(0);
		expect(body.stopReason).toBe('end_turn');
	});

	it('honours an explicit stream flag on either route', async () => {
		const streamed = await postJson(mock.url + '/.api/completions/code', {...chatBody, stream: true});
		expect(streamed.headers.get('content-type')).toBe('text/event-stream');
		await streamed.text();
		const plain = await postJson(mock.url + '/.api/completions/stream', {...chatBody, stream: false});
		expect(await plain.json()).toMatchObject({stopReason: 'end_turn'});
	});

	it('answers failures and bad tokens as text/plain', async () => {
		const guarded = await startMock({...fast, requireToken: 'sgp_ok', failRate: 1, failStatus: 429});
		try {
			const denied = await postJson(guarded.url + '/.api/completions/stream', chatBody, {authorization: 'token sgp_bad'});
			expect(denied.status).toBe(401);
			expect(denied.headers.get('content-type')).toBe('text/plain; charset=utf-8');
			await denied.text();
			const failed = await postJson(guarded.url + '/.api/completions/stream', chatBody, {authorization: 'token sgp_ok'});
			expect(failed.status).toBe(429);
			expect(await failed.text()).toMatch(/failure/);
		} finally {
			await guarded.close();
		}
	});
});
