import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';
import {busyIntervalMs, SnapshotPacer} from '../../source/session/snapshot-pacer.js';
import type {Snapshot} from '../../source/stats/run-store.js';

const steady = {concurrency: 1, paused: false, phase: 1};
const at = (current: number | null, finished = false, load = steady): Snapshot => ({
	endpoints: [],
	current,
	finished,
	interrupted: false,
	comparison: [],
	load,
	phases: [],
});

describe('the snapshot pacer (frames the console gets from the measuring thread)', () => {
	beforeEach(() => vi.useFakeTimers());
	afterEach(() => vi.useRealTimers());

	const pacer = () => {
		const sent: number[] = [];
		const paced = new SnapshotPacer(
			() => sent.push(Date.now()),
			() => Date.now(),
		);
		return {paced, sent};
	};

	it('passes every snapshot on while the measuring thread has time to spare', () => {
		const {paced, sent} = pacer();
		paced.busy = false;
		for (let index = 0; index < 5; index++) paced.offer(at(0));
		expect(sent).toHaveLength(5);
	});

	it('while it is busy, sends at most one per interval, and the last one late rather than never', () => {
		const {paced, sent} = pacer();
		paced.busy = true;
		paced.offer(at(0));
		vi.advanceTimersByTime(100);
		paced.offer(at(0));
		paced.offer(at(0));
		expect(sent).toHaveLength(1);
		vi.advanceTimersByTime(busyIntervalMs);
		expect(sent).toHaveLength(2);
		expect((sent[1] ?? 0) - (sent[0] ?? 0)).toBe(busyIntervalMs);
		vi.advanceTimersByTime(busyIntervalMs * 4);
		expect(sent).toHaveLength(2);
	});

	it('sends a new endpoint, a change of load and the end of the run at once, busy or not', () => {
		const {paced, sent} = pacer();
		paced.busy = true;
		paced.offer(at(0));
		paced.offer(at(1));
		paced.offer(at(1, false, {...steady, paused: true}));
		paced.offer(at(null, true));
		expect(sent).toHaveLength(4);
		vi.advanceTimersByTime(busyIntervalMs * 2);
		expect(sent).toHaveLength(4);
	});
});
