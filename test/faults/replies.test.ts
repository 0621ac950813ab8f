import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {MockFault, MockServer} from '../../source/mock/server.js';
import {allConfigs, completionConfigs, expectFaultAccounting, runWithFault, startFaultMock} from '../helpers/faults.js';
import {kindFor} from '../helpers/fault-kinds.js';

let mock: MockServer;
beforeAll(async () => {
	mock = await startFaultMock();
});
afterAll(async () => mock.close());

/**
 * Faults that end a request on their own (no timeout needed). At rate 1 every pipeline runs, so the ones a
 * fault does not apply to show it leaves them alone; at rate 0.5 only completions, where these faults apply.
 */
const faults: readonly MockFault[] = ['cut-stream', 'short-stream', 'error-event', 'malformed-sse', 'invalid-json', 'reset'];

describe('broken replies', () => {
	for (const fault of faults) {
		it(`${fault} at fault rate 1: one failure of the expected kind per request it applies to`, async () => {
			expectFaultAccounting(await runWithFault(mock, fault, 1, allConfigs, {requests: 2}), 1, kindFor(fault));
		});

		it(`${fault} at fault rate 0.5: failures only where injected, successes elsewhere`, async () => {
			expectFaultAccounting(await runWithFault(mock, fault, 0.5, completionConfigs, {requests: 6}), 0.5, kindFor(fault));
		});
	}

	// Broken framing is seen by the HTTP client library, not by gatebench's readers: check the other clients as well.
	describe.each(['undici', 'got'] as const)('with the %s client', (httpClient) => {
		it.each<MockFault>(['cut-stream', 'short-stream', 'reset'])('%s', async (fault) => {
			expectFaultAccounting(await runWithFault(mock, fault, 1, completionConfigs, {httpClient, requests: 2}), 1, kindFor(fault));
		});
	});
});

describe('injected HTTP statuses', () => {
	it.each([429, 500, 503, 529])('status %s on every HTTP endpoint becomes http_<status>, with the provider type when named', async (status) => {
		const run = await runWithFault(mock, 'status', 1, allConfigs, {requests: 2}, {failStatus: status});
		expectFaultAccounting(run, 1, kindFor('status', status));
		if (status !== 429) return;
		// 429 replies carry retry-after and an exhausted rate limit, which each failed Sample keeps.
		for (const {stats, samples} of run.endpoints.filter(({stats}) => stats.info.pipeline !== 'websocket')) {
			const anthropic = stats.info.target === 'gateway' && stats.info.provider === 'anthropic' && stats.info.pipeline === 'completions';
			for (const sample of samples) {
				expect(sample.status, stats.info.name).toBe(429);
				expect(sample.rateLimit, stats.info.name).toMatchObject({
					'retry-after': '2',
					'x-ratelimit-limit': '100',
					'x-ratelimit-remaining': '0',
					...(anthropic ? {'anthropic-ratelimit-requests-remaining': '0'} : {}),
				});
			}

			expect(stats.rateLimit, stats.info.name).toMatchObject({'retry-after': '2'});
		}
	});

	it('status 529 at fault rate 0.5: failures and successes, counted once each', async () => {
		const run = await runWithFault(mock, 'status', 0.5, allConfigs, {requests: 6}, {failStatus: 529});
		expectFaultAccounting(run, 0.5, kindFor('status', 529));
	});

	it('failRate failures are not faults: they are left out of stats.faults', async () => {
		const run = await runWithFault(mock, 'reset', 0, [{pipeline: 'http'}], {requests: 2}, {failRate: 1, failStatus: 503});
		expect(run.faults).toBe(0);
		for (const {stats} of run.endpoints) expect(stats.errors).toEqual({http_503: 2});
		expect(mock.options.failRate).toBe(0);
	});
});

describe('reasons for stream errors', () => {
	// Sourcegraph's `event: error` has a message and no type: the message is the failure's reason.
	it('a Sourcegraph error event gives the failure a reason (its message)', async () => {
		const run = await runWithFault(mock, 'error-event', 1, [{pipeline: 'completions', provider: 'anthropic', stream: true}], {requests: 2});
		const sourcegraph = run.endpoints.find(({stats}) => stats.info.target === 'sourcegraph');
		expect(sourcegraph?.samples.map((sample) => sample.error)).toEqual([expect.stringMatching(/overloaded/), expect.stringMatching(/overloaded/)]);
	});
});
