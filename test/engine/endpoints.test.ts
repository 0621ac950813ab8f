import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {type MockServer, startMock} from '../../source/mock/server.js';
import type {HttpClientName} from '../../source/plan/run-plan.js';
import {basePlan, runAgainst} from '../helpers/run-plan.js';
import {listenOnLoopback} from '../helpers/ports.js';

let mock: MockServer;
beforeAll(async () => {
	mock = await startMock({ttftMs: 5, tokenDelayMs: 1, minTokens: 5, maxTokens: 12});
});
afterAll(async () => mock.close());

const clients: HttpClientName[] = ['raw', 'undici', 'got'];

describe.each(clients)('every endpoint of the original suite over %s', (httpClient) => {
	it('runs the WebSocket and HTTP ping endpoints of both targets, each request once', async () => {
		const before = {...mock.stats.byPath};
		const {snapshot, samples, names} = await runAgainst(mock.url, basePlan({pipeline: 'all', provider: 'anthropic', httpClient, requests: 15, concurrency: 3}));
		expect(names).toEqual([
			'ws(s): gateway',
			'http(s): gateway',
			'ws(s): sourcegraph',
			'http(s): sourcegraph',
			'http-then-ws(s): sourcegraph',
			'anthropic: gateway',
			'anthropic: sourcegraph',
		]);
		for (const stats of snapshot.endpoints) {
			expect(stats.requests).toBe(15);
			expect(stats.successful, `${stats.info.name} ${JSON.stringify(stats.errors)}`).toBe(15);
		}

		const served = (path: string) => (mock.stats.byPath[path] ?? 0) - (before[path] ?? 0);
		expect(served('/v2/http')).toBe(15);
		expect(served('/.api/gateway/http')).toBe(15);
		expect(served('/.api/gateway/http-then-websocket')).toBe(15);
		expect(served('/v1/completions/anthropic-messages')).toBe(15);
		expect(served('/.api/completions/stream')).toBe(15);
		// One kept WebSocket per worker: 3 upgrades per WebSocket endpoint, not 15.
		expect(served('/v2/websocket')).toBe(3);
		expect(served('/.api/gateway/websocket')).toBe(3);
		const seqs = samples.filter((sample) => sample.endpoint === 0).map((sample) => sample.seq);
		expect(new Set(seqs).size).toBe(15);
		expect(samples.every((sample) => sample.traceId && /^[\da-f]{32}$/.test(sample.traceId))).toBe(true);
	});

	it.each([
		['anthropic', true],
		['anthropic', false],
		['fireworks', true],
		['fireworks', false],
	] as const)('completions %s stream=%s on both targets', async (provider, stream) => {
		const {snapshot, samples} = await runAgainst(mock.url, basePlan({pipeline: 'completions', provider, stream, httpClient, requests: 6, concurrency: 2}));
		expect(snapshot.endpoints.map((stats) => stats.info.url)).toEqual(
			provider === 'anthropic'
				? [`${mock.url}/v1/completions/anthropic-messages`, `${mock.url}/.api/completions/stream`]
				: [`${mock.url}/v1/completions/fireworks`, `${mock.url}/.api/completions/code`],
		);
		for (const stats of snapshot.endpoints) expect(stats.successful, JSON.stringify(stats.errors)).toBe(6);
		for (const sample of samples) {
			expect(sample.ttfbUs).toBeLessThanOrEqual(sample.durationUs);
			if (stream) {
				expect(sample.ttftUs).toBeGreaterThanOrEqual(sample.ttfbUs ?? 0);
				expect(sample.ttftUs).toBeLessThanOrEqual(sample.durationUs);
				expect(sample.tokens?.output).toBeGreaterThanOrEqual(5);
				expect(sample.tokens?.output).toBeLessThanOrEqual(12);
				expect(sample.interTokenGapsUs).toHaveLength((sample.tokens?.output ?? 0) - 1);
			} else {
				expect(sample.ttftUs).toBeUndefined();
			}
		}

		const [gateway, sourcegraph] = samples.reduce<[typeof samples, typeof samples]>(
			(parts, sample) => {
				parts[sample.endpoint]?.push(sample);
				return parts;
			},
			[[], []],
		);
		// The gateway passes provider usage through; Sourcegraph streams have none, so tokens are counted.
		if (stream) {
			expect(gateway.every((sample) => sample.tokens?.estimated === false)).toBe(true);
			expect(sourcegraph.every((sample) => sample.tokens?.estimated === true)).toBe(true);
		} else {
			expect(gateway.every((sample) => sample.tokens?.estimated === false)).toBe(true);
			expect(sourcegraph.every((sample) => sample.tokens === undefined)).toBe(true);
		}
	});
});

describe('requests as the original sent them', () => {
	it('sends the target auth, trace and feature headers and the fixed stop sequences', async () => {
		const seen: Array<{path: string; headers: Record<string, unknown>; body: string}> = [];
		const {createServer} = await import('node:http');
		const server = createServer((request, response) => {
			let body = '';
			request.on('data', (chunk: Buffer) => (body += chunk.toString()));
			request.on('end', () => {
				seen.push({path: request.url ?? '', headers: request.headers, body});
				response.setHeader('X-Trace', 'abc');
				response.end(request.url?.includes('completions') ? '{"completion":"x","stopReason":"end_turn"}' : 'pong');
			});
		});
		const url = await listenOnLoopback(server);
		try {
			const plan = basePlan({
				pipeline: 'completions',
				provider: 'fireworks',
				requests: 1,
				concurrency: 1,
				gateway: {url, token: 'sgd_secret'},
				sourcegraph: {url, token: 'sgp_secret'},
			});
			const {snapshot} = await runAgainst(url, plan);
			expect(snapshot.endpoints.map((stats) => stats.successful)).toEqual([1, 1]);
			const gateway = seen.find((request) => request.path === '/v1/completions/fireworks');
			const sourcegraph = seen.find((request) => request.path === '/.api/completions/code');
			expect(gateway?.headers['authorization']).toBe('Bearer sgp_test');
			expect(sourcegraph?.headers['authorization']).toBe('token sgp_test');
			for (const request of [gateway, sourcegraph]) {
				expect(request?.headers['x-sourcegraph-should-trace']).toBe('true');
				expect(request?.headers['x-sourcegraph-feature']).toBe('code_completions');
				expect(request?.headers['content-type']).toBe('application/json');
			}

			const body = JSON.parse(gateway?.body ?? '{}') as {stop: string[]; model: string; max_tokens: number};
			expect(body.stop).toHaveLength(6);
			expect(body.stop.slice(-2)).toEqual(['<｜fim▁end｜>', '<|eos_token|>']);
			expect(body.model).toBe('starcoder');
			expect(body.max_tokens).toBe(64);
		} finally {
			server.closeAllConnections();
			server.close();
		}
	});
});
