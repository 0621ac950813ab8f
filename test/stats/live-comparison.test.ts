import {afterEach, describe, expect, it} from 'vitest';
import {type MockServer, startMock} from '../../source/mock/server.js';
import {startSession} from '../../source/session/session.js';
import type {Snapshot} from '../../source/stats/run-store.js';
import {draftFrom} from '../helpers/drafts.js';
import {planFrom} from '../../source/ui/setup/steps.js';

const mocks: MockServer[] = [];
afterEach(async () => {
	await Promise.all(mocks.splice(0).map(async (mock) => mock.close()));
});

/** Resolves with the first snapshot that passes `test`. */
const snapshotWhere = (store: {subscribe: (listener: () => void) => () => void; getSnapshot: () => Snapshot}, test: (snapshot: Snapshot) => boolean) =>
	new Promise<Snapshot>((resolve) => {
		const unsubscribe = store.subscribe(() => {
			const snapshot = store.getSnapshot();
			if (!test(snapshot)) return;
			unsubscribe();
			resolve(snapshot);
		});
	});

describe('the live verdict of an interleaved comparison', () => {
	it('judges, while the run goes, the endpoint whose server answers 40 ms later as slower by about 40 ms', async () => {
		const fast = await startMock({ttftMs: 20, tokenDelayMs: 1, jitterMs: 2});
		const slow = await startMock({ttftMs: 60, tokenDelayMs: 1, jitterMs: 2});
		mocks.push(fast, slow);
		const plan = planFrom(draftFrom(['--openai', `${fast.url}/v1`, '--openai', `${slow.url}/v1`, '--stream', '--duration', '60s', '-c', '2']), {});
		expect(plan.interleave).toBe(true);
		const session = await startSession({plan, outputs: {}, snapshotIntervalMs: 20});
		try {
			// Pair by pair: request i of each, sent in the same round.
			const judged = await snapshotWhere(
				session.store,
				(snapshot) => (snapshot.comparison[0]?.paired?.metrics.ttft?.figures[0]?.clear ?? false) && !snapshot.finished,
			);
			const ttft = judged.comparison[0]?.paired?.metrics.ttft;
			const [median] = ttft?.figures ?? [];
			expect(judged.endpoints.every((stats) => stats.state === 'running')).toBe(true);
			expect(median?.differenceMs).toBeGreaterThan(30);
			expect(median?.differenceMs).toBeLessThan(50);
			expect(median?.low).toBeGreaterThan(0);
			expect(median?.low).toBeLessThanOrEqual(median?.differenceMs ?? 0);
			expect(ttft?.slower).toBeGreaterThan(0.9 * (ttft?.pairs ?? 0));
			// Only what the live line shows is judged while the run goes: latency and TTFT.
			expect(Object.keys(judged.comparison[0]?.paired?.metrics ?? {}).sort()).toEqual(['latency', 'ttft']);
		} finally {
			session.stop();
			await session.finish();
		}
	});
});
