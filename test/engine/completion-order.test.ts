import {describe, expect, it} from 'vitest';
import type {Sample} from '../../source/engine/endpoint.js';
import {CompletionOrder} from '../../source/engine/completion-order.js';

/** A sample sent at `startMs` that took `durationMs` (µs in the sample, as the engine makes them). */
const sample = (seq: number, startMs: number, durationMs: number) =>
	({endpoint: 0, seq, startOffsetUs: startMs * 1000, durationUs: durationMs * 1000}) as Sample;

describe("the measuring threads' samples merged in completion order", () => {
	it('passes a sample on only once every thread has reported past its end, in order of completion', () => {
		const passed: number[] = [];
		const order = new CompletionOrder(2, (each) => passed.push(each.seq));
		order.start(0);
		// Thread 0 reports up to 30 ms: its samples ending at 10 and 25 ms wait for thread 1.
		order.add(0, [sample(0, 0, 10), sample(2, 5, 20)], 30_000);
		expect(passed).toEqual([]);
		// Thread 1, up to 20 ms, with one ending at 15 ms: 10 and 15 go; 25 waits (thread 1 may still have one ending before it).
		order.add(1, [sample(1, 0, 15)], 20_000);
		expect(passed).toEqual([0, 1]);
		// Thread 1 again, a sample ending at 22 ms, reported up to 40 ms: 22 then 25.
		order.add(1, [sample(3, 2, 20)], 40_000);
		expect(passed).toEqual([0, 1, 3, 2]);
		// Thread 0 has finished the endpoint: thread 1's later samples go as soon as it reports them.
		order.pause(0);
		order.add(1, [sample(5, 30, 20)], 60_000);
		expect(passed).toEqual([0, 1, 3, 2, 5]);
	});

	it("counts from the endpoint's common origin, and drains what is held when the endpoint ends", () => {
		const passed: number[] = [];
		const order = new CompletionOrder(2, (each) => passed.push(each.seq));
		order.start(1_000_000);
		order.add(0, [sample(0, 0, 50), sample(2, 0, 5)], 1_000_010);
		order.add(1, [sample(1, 0, 1)], 1_000_001);
		expect(passed).toEqual([]);
		order.drain();
		expect(passed).toEqual([1, 2, 0]);
	});
});
