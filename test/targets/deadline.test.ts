import {once} from 'node:events';
import {setTimeout as sleep} from 'node:timers/promises';
import {describe, expect, it} from 'vitest';
import {RequestGuard} from '../../source/targets/deadline.js';

const run = new AbortController().signal;

/** Holds a request open until its guard gives it up; says when that was, ms after it began. */
async function cutAfter(guard: RequestGuard): Promise<{afterMs: number; kind: string | undefined}> {
	const began = performance.now();
	const signal = guard.begin(run);
	await once(signal, 'abort');
	return {afterMs: performance.now() - began, kind: guard.end()};
}

describe("a worker's deadline", () => {
	it('gives a request up once it outlives the timeout, never before', async () => {
		const guard = new RequestGuard(80);
		const {afterMs, kind} = await cutAfter(guard);
		expect(kind).toBe('timeout');
		expect(afterMs).toBeGreaterThanOrEqual(78);
		guard.close();
	});

	it('counts each request from its own start, after requests that ended in time', async () => {
		const guard = new RequestGuard(80);
		// Short requests back to back for longer than the timeout: the timer armed by the first fires during a later one.
		for (let request = 0; request < 6; request++) {
			guard.begin(run);
			await sleep(25);
			expect(guard.end()).toBeUndefined();
		}

		const {afterMs, kind} = await cutAfter(guard);
		expect(kind).toBe('timeout');
		expect(afterMs).toBeGreaterThanOrEqual(78);
		guard.close();
	});

	it('says aborted when the run stops, and starts afresh for the next request', async () => {
		const stop = new AbortController();
		const guard = new RequestGuard(10_000);
		const signal = guard.begin(stop.signal);
		stop.abort();
		expect(signal.aborted).toBe(true);
		expect(guard.end()).toBe('aborted');
		const next = guard.begin(run);
		expect(next.aborted).toBe(false);
		expect(guard.end()).toBeUndefined();
		guard.close();
	});
});
