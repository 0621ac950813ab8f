import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {RunListener} from '../../source/engine/events.js';
import {type MockServer, startMock} from '../../source/mock/server.js';
import {basePlan, runAgainst} from '../helpers/run-plan.js';

let mock: MockServer;
beforeAll(async () => {
	mock = await startMock({});
});
afterAll(async () => mock.close());

/** A subscriber that holds the engine's thread for `ms` on every result: a client too slow for its load. */
const blockEach =
	(ms: number): RunListener =>
	(event) => {
		if (event.type !== 'sample') return;
		const until = performance.now() + ms;
		while (performance.now() < until) {
			// Busy on purpose.
		}
	};

describe('the self-check (is the client the bottleneck?)', () => {
	it('a client that holds its event loop is flagged: busy, and replies wait for it', async () => {
		const {snapshot} = await runAgainst(mock.url, basePlan({pipeline: 'http', requests: 40, concurrency: 2}), {onEvent: blockEach(25)});
		for (const {selfCheck, info} of snapshot.endpoints) {
			expect(selfCheck.client?.spanMs, info.name).toBeGreaterThan(900);
			expect(selfCheck.client?.loopUtilization, info.name).toBeGreaterThan(0.9);
			expect(selfCheck.client?.loopDelayMs.p99, info.name).toBeGreaterThan(10);
			expect(selfCheck.clientBound, info.name).toBe(true);
			expect(selfCheck.warnings.join('\n'), info.name).toMatch(/^client busy: .*\n^client stalls: /m);
		}
	});

	it('a client waiting on a slow server is not busy', async () => {
		mock.options.pingDelayMs = 20;
		try {
			const {snapshot} = await runAgainst(mock.url, basePlan({pipeline: 'http', requests: 40, concurrency: 1}));
			for (const {selfCheck, info} of snapshot.endpoints) {
				expect(selfCheck.client?.spanMs, info.name).toBeGreaterThan(700);
				expect(selfCheck.client?.loopUtilization, info.name).toBeLessThan(0.5);
				expect(selfCheck.warnings.join('\n'), info.name).not.toMatch(/client busy/);
			}
		} finally {
			mock.options.pingDelayMs = 0;
		}
	});

	it('rate mode: sends the client itself made late are told apart from sends that waited for a busy worker', async () => {
		// Workers to spare, but the loop is held after every reply: sends leave late with workers free.
		const clientLate = await runAgainst(mock.url, basePlan({pipeline: 'websocket', rate: 200, requests: 100, concurrency: 50}), {onEvent: blockEach(15)});
		for (const {selfCheck, info} of clientLate.snapshot.endpoints) {
			expect(selfCheck.lateSends?.count, info.name).toBeGreaterThan(20);
			expect(selfCheck.warnings.join('\n'), info.name).toMatch(/client behind schedule: \d+ sends/);
		}

		// One worker and a server slower than the schedule: sends are late because the worker is busy.
		mock.options.pingDelayMs = 60;
		try {
			const serverLate = await runAgainst(mock.url, basePlan({pipeline: 'websocket', rate: 50, requests: 30, concurrency: 1}));
			for (const {selfCheck, schedule, info} of serverLate.snapshot.endpoints) {
				expect(schedule?.behind, info.name).toBeGreaterThan(20);
				expect(selfCheck.lateSends?.count, info.name).toBeLessThan((schedule?.behind ?? 0) / 3);
			}
		} finally {
			mock.options.pingDelayMs = 0;
		}
	});
});
