import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {type MockServer, startMock} from '../../source/mock/server.js';
import {basePlan, runAgainst} from '../helpers/run-plan.js';
import {closedPortUrl} from '../helpers/ports.js';

let mock: MockServer;
beforeAll(async () => {
	mock = await startMock({ttftMs: 2, tokenDelayMs: 1, minTokens: 3, maxTokens: 6});
});
afterAll(async () => mock.close());

describe('failures are Samples, counted once each', () => {
	it('counts HTTP errors by status and keeps successful + failed == requests', async () => {
		mock.options.failRate = 0.5;
		mock.options.failStatus = 529;
		try {
			const {snapshot} = await runAgainst(mock.url, basePlan({pipeline: 'all', stream: true, requests: 40, concurrency: 4}));
			for (const stats of snapshot.endpoints) {
				expect(stats.requests).toBe(40);
				expect(stats.successful + stats.failed).toBe(40);
				if (stats.info.pipeline === 'websocket') continue;
				expect(stats.failed, stats.info.name).toBeGreaterThan(0);
				// One kind per failure: the status, with the provider's error type when the body names one.
				const kinds = Object.keys(stats.errors);
				expect(kinds).toHaveLength(1);
				expect(kinds[0]).toMatch(/^http_529(:|$)/);
				expect(stats.errors[kinds[0] ?? '']).toBe(stats.failed);
				if (stats.info.url.endsWith('/anthropic-messages')) expect(kinds[0]).toBe('http_529:overloaded_error');
				expect(stats.latency.count).toBe(stats.successful);
			}
		} finally {
			mock.options.failRate = 0;
		}
	});

	it('reports connection refused for every request when nothing listens', async () => {
		const url = await closedPortUrl();
		const {snapshot} = await runAgainst(url, basePlan({pipeline: 'all', requests: 5, concurrency: 2}));
		for (const stats of snapshot.endpoints) expect(stats.errors, stats.info.name).toEqual({connection_refused: 5});
	});

	it('times out slow replies and keeps measuring (WebSockets reconnect)', async () => {
		mock.options.pingDelayMs = 300;
		try {
			const plan = basePlan({pipeline: 'http', requests: 4, concurrency: 2, timeouts: {completions: 1000, ping: 50}});
			const {snapshot} = await runAgainst(mock.url, plan);
			for (const stats of snapshot.endpoints) expect(stats.errors).toEqual({timeout: 4});
			const ws = await runAgainst(mock.url, {...plan, pipeline: 'websocket'});
			for (const stats of ws.snapshot.endpoints) expect(stats.errors).toEqual({timeout: 4});
		} finally {
			mock.options.pingDelayMs = 0;
		}

		// After the failures, the same plan succeeds again on fresh connections.
		const {snapshot} = await runAgainst(mock.url, basePlan({pipeline: 'websocket', requests: 4, concurrency: 2}));
		for (const stats of snapshot.endpoints) expect(stats.successful).toBe(4);
	});

	it('stops gracefully: requests cut short are not counted', async () => {
		const {startRun} = await import('../../source/engine/run.js');
		const {endpointSpecs} = await import('../../source/plan/pipelines.js');
		const {buildEndpoint} = await import('../../source/targets/build.js');
		const plan = basePlan({pipeline: 'completions', stream: true, requests: 1000, concurrency: 4});
		const endpoints = endpointSpecs(plan, {gateway: {url: mock.url}}).map((spec) => buildEndpoint(spec, plan));
		const run = startRun(endpoints, plan);
		let samples = 0;
		run.subscribe((event) => {
			if (event.type === 'sample' && ++samples === 10) run.stop();
		});
		const result = await run.done;
		expect(result.interrupted).toBe(true);
		expect(samples).toBeGreaterThanOrEqual(10);
		expect(samples).toBeLessThan(20);
	});
});
