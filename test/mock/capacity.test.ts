import {afterEach, describe, expect, it} from 'vitest';
import {type MockServer, startMock} from '../../source/mock/server.js';
import {postJson, readSse} from '../helpers/sdk-fetch.js';

const servers: MockServer[] = [];
afterEach(async () => {
	await Promise.all(servers.splice(0).map(async (server) => server.close()));
});

/** `count` streamed chat completions sent at once; each one's time to its first token, ms, in arrival order of the replies. */
async function firstTokens(server: MockServer, count: number): Promise<number[]> {
	const started = performance.now();
	const one = async () => {
		const response = await postJson(`${server.url}/v1/chat/completions`, {model: 'm', stream: true, messages: [{role: 'user', content: 'hi'}]});
		const events = await readSse(response, started);
		// The first chunk carrying text (an opening chunk with the role and "" comes at once).
		return events.find((event) => /"content":"[^"]/.test(event.data))?.atMs ?? Number.NaN;
	};

	return (await Promise.all(Array.from({length: count}, one))).sort((a, b) => a - b);
}

describe('the mock’s capacity', () => {
	it('serves at most --slots completions at once; the rest wait for a slot, and the wait shows as time to first token', async () => {
		const server = await startMock({slots: 2, ttftMs: 150, tokenDelayMs: 0, minTokens: 1, maxTokens: 1});
		servers.push(server);
		const [first = 0, second = 0, third = 0, fourth = 0] = await firstTokens(server, 4);
		// Two served at once, at 150 ms; two more after them, at 300 ms.
		expect(first).toBeGreaterThanOrEqual(145);
		expect(second).toBeLessThan(third - 100);
		expect(third).toBeGreaterThanOrEqual(295);
		expect(fourth).toBeGreaterThanOrEqual(295);
	});

	it('with no limit, all are served at once', async () => {
		const server = await startMock({ttftMs: 150, tokenDelayMs: 0, minTokens: 1, maxTokens: 1});
		servers.push(server);
		const times = await firstTokens(server, 4);
		expect((times.at(-1) ?? 0) - (times[0] ?? 0)).toBeLessThan(100);
	});

	it('--slowdown stretches a completion’s delays for each other one in service when it starts', async () => {
		const server = await startMock({slowdown: 1, ttftMs: 100, tokenDelayMs: 0, minTokens: 1, maxTokens: 1});
		servers.push(server);
		// Three at once: the first finds none in service (100 ms), the second one (200 ms), the third two (300 ms).
		const [first = 0, second = 0, third = 0] = await firstTokens(server, 3);
		expect(first).toBeGreaterThanOrEqual(95);
		expect(first).toBeLessThan(190);
		expect(second).toBeGreaterThanOrEqual(195);
		expect(third).toBeGreaterThanOrEqual(295);
	});
});
