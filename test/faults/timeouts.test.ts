import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {MockFault, MockServer} from '../../source/mock/server.js';
import {allConfigs, expectFaultAccounting, runWithFault, shortTimeouts, startFaultMock, warmUp} from '../helpers/faults.js';
import {kindFor} from '../helpers/fault-kinds.js';

let mock: MockServer;
beforeAll(async () => {
	mock = await startFaultMock();
	await warmUp(mock);
});
afterAll(async () => mock.close());

/**
 * The mock holds these replies for 2 s (stallMs); the plans give up after 500 ms. `stall` sends the headers
 * (and a stream's first token) first, `slow-headers` nothing at all (WebSocket: the 101 is held back).
 * Exact matching of the mock's fault count needs every request to reach the mock before its timeout, a race a
 * loaded machine can lose, so these runs check it as an upper bound (timeoutBound) and run one at a time.
 */
const faults: readonly MockFault[] = ['stall', 'slow-headers'];

describe('replies that never come in time', () => {
	for (const fault of faults) {
		it(`${fault} at fault rate 1: every request times out, once`, async () => {
			const run = await runWithFault(mock, fault, 1, allConfigs, {...shortTimeouts, requests: 2});
			expectFaultAccounting(run, 1, kindFor(fault), true);
			// A stall shows a time to first byte (the reply had begun), slow headers never do. (A request that lost
			// the race to the mock has neither.)
			const http = run.endpoints.filter(({stats}) => stats.info.pipeline !== 'websocket').flatMap(({samples}) => samples);
			expect(http.length).toBeGreaterThan(0);
			const answered = http.filter((sample) => sample.status !== undefined);
			for (const sample of http.filter((sample) => sample.status === undefined)) expect(sample.ttfbUs).toBeUndefined();
			if (fault === 'slow-headers') expect(answered).toEqual([]);
			else {
				expect(answered.length).toBeGreaterThan(0);
				for (const sample of answered) expect({status: sample.status, ttfb: typeof sample.ttfbUs}).toEqual({status: 200, ttfb: 'number'});
			}
		});

		it(`${fault} at fault rate 0.5: every held request times out, the rest succeed`, async () => {
			const run = await runWithFault(mock, fault, 0.5, allConfigs, shortTimeouts);
			expectFaultAccounting(run, 0.5, kindFor(fault), true);
		});
	}

	it('with no timeout, a stall that ends cleanly is a truncated stream, not a success', async () => {
		const configs = [{pipeline: 'completions', provider: 'fireworks', stream: true}] as const;
		const run = await runWithFault(mock, 'stall', 1, configs, {timeouts: {completions: 0, ping: 0}, requests: 2}, {stallMs: 50});
		expectFaultAccounting(run, 1, () => 'stream_truncated');
	});
});
