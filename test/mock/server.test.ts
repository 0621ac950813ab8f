import {createHook} from 'node:async_hooks';
import {EventEmitter} from 'node:events';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import WebSocket from 'ws';
import {runMockCommand} from '../../source/mock/mock-command.js';
import {createRandom, makePlan} from '../../source/mock/latency.js';
import {defaultMockOptions, startMock, type MockServer} from '../../source/mock/server.js';
import {fast, postJson, readSse} from '../helpers/sdk-fetch.js';

const anthropicBody = {model: 'm', max_tokens: 256, messages: [{role: 'user', content: 'hi'}]};

describe('mock: server', () => {
	let mock: MockServer;
	beforeAll(async () => {
		mock = await startMock(fast);
	});
	afterAll(async () => mock.close());

	it('has the documented defaults and a URL without trailing slash', () => {
		expect(defaultMockOptions).toMatchObject({
			ttftMs: 300,
			tokenDelayMs: 15,
			jitterMs: 0,
			minTokens: 40,
			maxTokens: 120,
			pingDelayMs: 0,
			failRate: 0,
			failStatus: 500,
			seed: 1,
		});
		expect(mock.url).toBe(`http://127.0.0.1:${mock.port}`);
		expect(mock.options).toMatchObject({...defaultMockOptions, ...fast});
	});

	it('answers 404 JSON for unknown paths, wrong methods and unknown upgrades', async () => {
		for (const [method, path] of [
			['GET', '/nope'],
			['GET', '/v2/http'],
			['POST', '/v1/completions/openai'],
		] as const) {
			const response = await fetch(mock.url + path, {method});
			expect(response.status).toBe(404);
			expect(response.headers.get('x-trace')).toMatch(/^[\da-f]{32}$/);
			expect(await response.json()).toEqual({error: 'not found'});
		}

		const status = await new Promise((resolve) => {
			const ws = new WebSocket(mock.url.replace('http', 'ws') + '/v3/websocket');
			ws.once('unexpected-response', (_request, response) => {
				resolve(response.statusCode);
				response.resume();
			});
			ws.once('error', () => undefined);
		});
		expect(status).toBe(404);
	});

	it('counts requests by path', async () => {
		const before = mock.stats.byPath['/v2/http'] ?? 0;
		const total = mock.stats.requests;
		await Promise.all([1, 2, 3].map(async () => fetch(mock.url + '/v2/http?x=1', {method: 'POST', body: 'ping'}).then(async (r) => r.text())));
		expect(mock.stats.byPath['/v2/http']).toBe(before + 3);
		expect(mock.stats.requests).toBe(total + 3);
	});

	it('is deterministic for a seed', async () => {
		const texts: string[] = [];
		for (const seed of [7, 7, 8]) {
			const server = await startMock({...fast, seed});
			try {
				const response = await postJson(server.url + '/v1/messages', anthropicBody);
				const body = (await response.json()) as {content: Array<{text: string}>};
				texts.push(body.content[0]!.text);
			} finally {
				await server.close();
			}
		}

		expect(texts[0]).toBe(texts[1]);
		expect(texts[2]).not.toBe(texts[0]);
	});

	it('applies option changes to the next request', async () => {
		mock.options.minTokens = 2;
		mock.options.maxTokens = 2;
		try {
			const response = await postJson(mock.url + '/v1/messages', anthropicBody);
			expect(await response.json()).toMatchObject({usage: {output_tokens: 2}});
		} finally {
			mock.options.minTokens = fast.minTokens;
			mock.options.maxTokens = fast.maxTokens;
		}
	});

	it('stops its timers when a client disconnects mid-stream', async () => {
		// The mock's own token timers are told apart by their delay (about two minutes, which nothing else
		// here uses), so timers of the client or the test runner cannot blur the count.
		const tokenDelayMs = 120_000;
		const pending = new Set<number>();
		const hook = createHook({
			init(asyncId, type, _trigger, resource) {
				if (type === 'Timeout' && ((resource as {_idleTimeout?: number})._idleTimeout ?? 0) > tokenDelayMs - 1000) pending.add(asyncId);
			},
			destroy(asyncId) {
				pending.delete(asyncId);
			},
		}).enable();
		const server = await startMock({ttftMs: 0, tokenDelayMs, minTokens: 50, maxTokens: 50});
		try {
			const controller = new AbortController();
			const response = await fetch(server.url + '/v1/messages', {
				method: 'POST',
				body: JSON.stringify({...anthropicBody, stream: true}),
				signal: controller.signal,
			});
			const reader = response.body!.getReader();
			await reader.read();
			expect(pending.size).toBeGreaterThan(0);
			controller.abort();
			// Polled on setImmediate: the timers must go when the client does, long before they would fire.
			for (const deadline = performance.now() + 10_000; pending.size > 0 && performance.now() < deadline;)
				await new Promise((resolve) => setImmediate(resolve));
			expect(pending.size).toBe(0);
		} finally {
			hook.disable();
			await server.close();
		}
	}, 15_000);

	it('closes promptly while streams are in flight', async () => {
		const server = await startMock({ttftMs: 0, tokenDelayMs: 10_000, minTokens: 5, maxTokens: 5});
		const response = await postJson(server.url + '/.api/completions/stream', {messages: []});
		const reading = readSse(response).catch((error: unknown) => error);
		const started = performance.now();
		await server.close();
		expect(performance.now() - started).toBeLessThan(3000);
		expect(await reading).toBeInstanceOf(Error);
	});
});

describe('mock: latency model', () => {
	const options = {...defaultMockOptions, ttftMs: 100, tokenDelayMs: 10, jitterMs: 50, minTokens: 3, maxTokens: 6};

	it('draws lengths in range, caps them, and never schedules a token early', () => {
		const random = createRandom(3);
		for (let i = 0; i < 200; i++) {
			const plan = makePlan(options, random, undefined);
			expect(plan.tokens.length).toBeGreaterThanOrEqual(3);
			expect(plan.tokens.length).toBeLessThanOrEqual(6);
			expect(plan.capped).toBe(false);
			expect(plan.dueMs[0]).toBeGreaterThanOrEqual(50);
			expect(plan.dueMs[0]).toBeLessThanOrEqual(150);
			for (let t = 1; t < plan.dueMs.length; t++) {
				expect(plan.dueMs[t]! - plan.dueMs[t - 1]!).toBeGreaterThanOrEqual(0);
				expect(plan.dueMs[t]! - plan.dueMs[t - 1]!).toBeLessThanOrEqual(60);
			}
		}

		const capped = makePlan({...options, minTokens: 10, maxTokens: 10}, random, 4);
		expect(capped.tokens).toHaveLength(4);
		expect(capped.capped).toBe(true);
	});

	it('repeats for the same seed', () => {
		const a = createRandom(42);
		const b = createRandom(42);
		expect(makePlan(options, a, undefined)).toEqual(makePlan(options, b, undefined));
	});
});

describe('mock: command', () => {
	it('prints where it listens and closes on SIGTERM', async () => {
		const lines: string[] = [];
		const signals = new EventEmitter();
		let exitCode: number | undefined;
		const running = runMockCommand(
			{port: 0, ttftMs: 20},
			{
				log: (line) => lines.push(line),
				signals,
				exit: (code) => {
					exitCode = code;
				},
			},
		);
		await expect.poll(() => lines.length).toBe(2);
		const url = /listening on (http:\/\/127\.0\.0\.1:\d+) \(gateway and sourcegraph targets\)$/.exec(lines[0]!)?.[1];
		expect(url).toBeDefined();
		expect(lines[1]).toMatch(/ttft 20 ms/);
		expect(await fetch(url + '/v2/http', {method: 'POST', body: 'ping'}).then(async (r) => r.text())).toBe('pong');
		signals.emit('SIGTERM');
		await running;
		expect(exitCode).toBe(0);
		await expect(fetch(url + '/v2/http', {method: 'POST', body: 'ping'})).rejects.toThrow();
	});
});
