import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startMock, type MockServer} from '../../source/mock/server.js';
import {postJson, readSse} from '../helpers/sdk-fetch.js';

type Summary = {count: number; p50Ms: number; p99Ms: number; maxMs: number};
type Timing = {firstToken: Summary; laterTokens: Summary};

const timing = async (mock: MockServer, reset = false): Promise<Timing> =>
	(await fetch(`${mock.url}/mock/timing${reset ? '?reset=1' : ''}`)).json() as Promise<Timing>;
const streamBody = {model: 'm', max_tokens: 256, stream: true, messages: [{role: 'user', content: 'hi'}]};

describe('mock: how late it wrote its own tokens (/mock/timing)', () => {
	let mock: MockServer;
	beforeAll(async () => {
		mock = await startMock({ttftMs: 30, tokenDelayMs: 5, jitterMs: 0, minTokens: 6, maxTokens: 6});
	});
	afterAll(async () => mock.close());

	it('counts first and later tokens apart, never early, and starts afresh after ?reset=1', async () => {
		await timing(mock, true);
		const events = await readSse(await postJson(`${mock.url}/v1/chat/completions`, streamBody));
		expect(events.length).toBeGreaterThan(6);
		const after = await timing(mock, true);
		expect(after.firstToken.count).toBe(1);
		expect(after.laterTokens.count).toBe(5);
		for (const summary of [after.firstToken, after.laterTokens]) {
			expect(summary.p50Ms).toBeGreaterThanOrEqual(0);
			expect(summary.p99Ms).toBeLessThanOrEqual(summary.maxMs);
		}

		expect((await timing(mock)).firstToken.count).toBe(0);
	});

	it('sees its own event loop held up: a first token due at 30 ms and written after a 150 ms block is late by the block', async () => {
		await timing(mock, true);
		// The event-stream headers go out as the first token is scheduled: then hold this process's loop (the mock runs in it).
		const response = await postJson(`${mock.url}/v1/chat/completions`, streamBody);
		const blockedUntil = performance.now() + 150;
		while (performance.now() < blockedUntil);
		await readSse(response);
		const late = await timing(mock, true);
		expect(late.firstToken.count).toBe(1);
		expect(late.firstToken.maxMs).toBeGreaterThanOrEqual(100);
	});
});
