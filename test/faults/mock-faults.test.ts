import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import {afterAll, beforeAll, beforeEach, describe, expect, it, vi} from 'vitest';
import WebSocket from 'ws';
import {describeModel} from '../../source/mock/latency.js';
import {defaultMockOptions, type MockServer, mockFaults, startMock} from '../../source/mock/server.js';
import {postJson, readSse, rewritingFetch} from '../helpers/sdk-fetch.js';
import {startFaultMock} from '../helpers/faults.js';

const anthropicPath = '/v1/completions/anthropic-messages';
const anthropicBody = {model: 'm', max_tokens: 64, messages: [{role: 'user', content: 'hi'}]};
const messages = [{role: 'user' as const, content: 'hi'}];

let mock: MockServer;
beforeAll(async () => {
	mock = await startFaultMock();
});
afterAll(async () => mock.close());
beforeEach(() => {
	Object.assign(mock.options, {fault: 'none', faultRate: 0, hugeBodyBytes: defaultMockOptions.hugeBodyBytes});
});

describe('mock: fault injection on the wire', () => {
	it('is off by default and counts every fault from zero', () => {
		expect(defaultMockOptions).toMatchObject({fault: 'none', faultRate: 0, stallMs: 30_000, hugeBodyBytes: 64 * 1024 * 1024});
		expect(Object.keys(mock.stats.faults).sort()).toEqual([...mockFaults].sort());
		expect(describeModel(defaultMockOptions)).not.toMatch(/fault/);
		expect(describeModel({...defaultMockOptions, fault: 'stall', faultRate: 0.25})).toMatch(/fault stall at 25% \(30000 ms\)/);
	});

	it('draws nothing when the fault does not apply to the route, or the rate is 0', async () => {
		const before = {...mock.stats.faults};
		Object.assign(mock.options, {fault: 'invalid-json', faultRate: 1});
		const streamed = await postJson(mock.url + anthropicPath, {...anthropicBody, stream: true});
		expect((await readSse(streamed)).at(-1)?.event).toBe('message_stop');
		Object.assign(mock.options, {fault: 'reset', faultRate: 0});
		expect(await (await fetch(mock.url + '/v2/http', {method: 'POST', body: 'ping'})).text()).toBe('pong');
		expect(mock.stats.faults).toEqual(before);
	});

	it('sends a huge whole reply of exactly hugeBodyBytes that is still valid JSON', async () => {
		Object.assign(mock.options, {fault: 'huge-body', faultRate: 1, hugeBodyBytes: 300_000});
		const response = await postJson(mock.url + anthropicPath, anthropicBody);
		const text = await response.text();
		expect(response.headers.get('content-length')).toBe('300000');
		expect(text).toHaveLength(300_000);
		expect(JSON.parse(text)).toEqual({pad: expect.stringMatching(/^x+$/)});
	});

	it('cuts a stream: the body read fails after some events and before message_stop', async () => {
		Object.assign(mock.options, {fault: 'cut-stream', faultRate: 1});
		const response = await postJson(mock.url + anthropicPath, {...anthropicBody, stream: true});
		await expect(readSse(response)).rejects.toThrow();
	});

	it('ends a short stream cleanly without its terminal event', async () => {
		Object.assign(mock.options, {fault: 'short-stream', faultRate: 1});
		const events = await readSse(await postJson(mock.url + anthropicPath, {...anthropicBody, stream: true}));
		expect(events.some((event) => event.event === 'content_block_delta')).toBe(true);
		expect(events.map((event) => event.event)).not.toContain('message_stop');
	});

	it('sends error events the official SDKs reject, and Sourcegraph error + done', async () => {
		Object.assign(mock.options, {fault: 'error-event', faultRate: 1});
		const anthropic = new Anthropic({apiKey: 'k', baseURL: mock.url, maxRetries: 0, fetch: rewritingFetch('/v1/messages', anthropicPath)});
		await expect(anthropic.messages.stream({model: 'm', max_tokens: 64, messages}).finalMessage()).rejects.toThrow(/overloaded/i);
		const openai = new OpenAI({apiKey: 'k', baseURL: mock.url + '/v1', maxRetries: 0});
		const consume = async (): Promise<void> => {
			for await (const chunk of await openai.completions.create({model: 'm', prompt: 'x', stream: true})) expect(chunk).toBeDefined();
		};

		await expect(consume()).rejects.toThrow(/overloaded/);
		const events = await readSse(await postJson(mock.url + '/.api/completions/stream?api-version=2', {messages: [], stream: true}));
		expect(events.slice(-2).map((event) => event.event)).toEqual(['error', 'done']);
	});

	it('answers HTTP and WebSocket pings with ping!, and closes WebSockets instead of answering', async () => {
		Object.assign(mock.options, {fault: 'wrong-pong', faultRate: 1});
		expect(await (await fetch(mock.url + '/v2/http', {method: 'POST', body: 'ping'})).text()).toBe('ping!');
		const ws = new WebSocket(mock.url.replace('http', 'ws') + '/v2/websocket');
		await new Promise((resolve) => ws.once('open', resolve));
		ws.send('ping');
		expect(String(await new Promise((resolve) => ws.once('message', resolve)))).toBe('ping!');
		mock.options.fault = 'ws-close';
		ws.send('ping');
		expect(await new Promise((resolve) => ws.once('close', resolve))).toBe(1011);
	});

	it('closes at once with stalls, held handshakes and endless streams in flight', async () => {
		const other = await startMock({fault: 'slow-headers', faultRate: 1, stallMs: 60_000});
		const ws = new WebSocket(other.url.replace('http', 'ws') + '/v2/websocket');
		ws.on('error', () => undefined);
		const ping = fetch(other.url + '/v2/http', {method: 'POST', body: 'ping'}).catch(() => 'failed');
		await vi.waitFor(() => expect(other.stats.faults['slow-headers']).toBe(2));
		other.options.fault = 'huge-body';
		const endless = postJson(other.url + anthropicPath, {...anthropicBody, stream: true})
			.then(async (response) => response.text())
			.catch(() => 'cut');
		await vi.waitFor(() => expect(other.stats.faults['huge-body']).toBe(1));
		await other.close();
		expect(await ping).toBe('failed');
		expect(await endless).toBe('cut');
	});
});
