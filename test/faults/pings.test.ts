import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {MockFault, MockServer} from '../../source/mock/server.js';
import {basePlan, runAgainst} from '../helpers/run-plan.js';
import {allConfigs, expectFaultAccounting, pingConfigs, runWithFault, startFaultMock} from '../helpers/faults.js';
import {closedPortUrl} from '../helpers/ports.js';
import {kindFor} from '../helpers/fault-kinds.js';

let mock: MockServer;
beforeAll(async () => {
	mock = await startFaultMock();
});
afterAll(async () => mock.close());

const webSocketPaths: Record<string, string> = {gateway: '/v2/websocket', sourcegraph: '/.api/gateway/websocket'};

describe('ping faults', () => {
	it.each<MockFault>(['wrong-pong', 'ws-close'])('%s at fault rate 1 fails every ping it applies to, once', async (fault) => {
		expectFaultAccounting(await runWithFault(mock, fault, 1, allConfigs, {requests: 2}), 1, kindFor(fault));
	});

	it.each<MockFault>(['wrong-pong', 'ws-close', 'reset'])('%s at fault rate 0.5: WebSocket workers reconnect and succeed again', async (fault) => {
		const upgradesBefore = {...mock.stats.byPath};
		const run = await runWithFault(mock, fault, 0.5, pingConfigs, {requests: 16, concurrency: 1});
		expectFaultAccounting(run, 0.5, kindFor(fault));
		for (const {stats, samples} of run.endpoints.filter(({stats}) => stats.info.pipeline === 'websocket')) {
			// One worker, so seq is time order: a success after a failure was on a new connection.
			const ordered = [...samples].sort((a, b) => a.seq - b.seq);
			const firstFailure = ordered.findIndex((sample) => sample.outcome !== 'ok');
			expect(firstFailure, stats.info.name).toBeGreaterThanOrEqual(0);
			expect(
				ordered.slice(firstFailure).some((sample) => sample.outcome === 'ok'),
				stats.info.name,
			).toBe(true);
			// Every failure but a last one is followed by exactly one new handshake.
			const reconnects = ordered.filter((sample) => sample.outcome !== 'ok' && sample.seq < ordered.length - 1).length;
			const path = webSocketPaths[stats.info.target] ?? '';
			expect((mock.stats.byPath[path] ?? 0) - (upgradesBefore[path] ?? 0), stats.info.name).toBe(1 + reconnects);
		}
	});

	it('refused connections fail every request as connection_refused, once each', async () => {
		const url = await closedPortUrl();
		const runs = await Promise.all(allConfigs.map(async (config) => runAgainst(url, basePlan({requests: 3, concurrency: 2, ...config}))));
		for (const {snapshot, samples} of runs) {
			expect(samples).toHaveLength(3 * snapshot.endpoints.length);
			for (const stats of snapshot.endpoints) {
				expect(stats.errors, stats.info.name).toEqual({connection_refused: 3});
				expect(stats.successful + stats.failed).toBe(3);
			}
		}
	});
});
