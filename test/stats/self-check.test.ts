import {describe, expect, it} from 'vitest';
import {acrossThreads, type ClientLoad} from '../../source/engine/client-load.js';
import {selfCheckOf} from '../../source/stats/self-check.js';

const load = (overrides: Partial<ClientLoad> = {}): ClientLoad => ({
	spanMs: 5000,
	loopUtilization: 0.3,
	loopDelayMs: {p50: 0.2, p99: 1.5, max: 4},
	...overrides,
});

describe('the self-check verdict', () => {
	it('a client with time to spare is not the bottleneck', () => {
		expect(selfCheckOf(load(), {count: 0, share: 0, maxMs: 0.4})).toMatchObject({clientBound: false, warnings: []});
		expect(selfCheckOf(null, null)).toMatchObject({clientBound: false, warnings: []});
	});

	it('a loop busy 90% of the time or more is', () => {
		const check = selfCheckOf(load({loopUtilization: 0.93}), null);
		expect(check.clientBound).toBe(true);
		expect(check.warnings).toEqual([expect.stringMatching(/^client busy: .* busy 93% of the time/)]);
		expect(selfCheckOf(load({loopUtilization: 0.89}), null).clientBound).toBe(false);
	});

	it('a loop that runs timers 10 ms late or more at p99 is', () => {
		const check = selfCheckOf(load({loopDelayMs: {p50: 1, p99: 14.26, max: 80}}), null);
		expect(check.warnings).toEqual([expect.stringMatching(/^client stalls: .* up to 14\.3 ms late \(p99; max 80\.0 ms\)/)]);
	});

	it('a short span is start-up noise, not a verdict', () => {
		expect(selfCheckOf(load({spanMs: 300, loopUtilization: 1, loopDelayMs: {p50: 20, p99: 40, max: 40}}), null).clientBound).toBe(false);
	});

	it('rate mode: 1% of sends or more late with a worker free (and at least 3) is', () => {
		expect(selfCheckOf(load(), {count: 12, share: 0.04, maxMs: 7.25}).warnings).toEqual([
			expect.stringMatching(/^client behind schedule: 12 sends \(4%\) left over 2 ms late \(worst 7\.3 ms\)/),
		]);
		expect(selfCheckOf(load(), {count: 2, share: 0.5, maxMs: 9}).clientBound).toBe(false);
		expect(selfCheckOf(load(), {count: 5, share: 0.005, maxMs: 9}).clientBound).toBe(false);
	});

	it('several measuring threads: each is judged on its own, and the warning says how many were busy or late', () => {
		const quiet = acrossThreads([load(), load(), load({loopUtilization: 0.6})]);
		expect(quiet.loopUtilization).toBe(0.6);
		expect(selfCheckOf(quiet, null).clientBound).toBe(false);
		const threads = acrossThreads([load(), load({loopUtilization: 0.95}), load({loopUtilization: 0.91, loopDelayMs: {p50: 2, p99: 12, max: 30}}), load()]);
		expect(threads.loopDelayMs).toEqual({p50: 2, p99: 12, max: 30});
		expect(selfCheckOf(threads, null).warnings).toEqual([
			expect.stringMatching(/^client busy: 2 of 4 measuring threads' event loops were busy up to 95% of the time/),
			expect.stringMatching(/^client stalls: 1 of 4 measuring threads' event loops ran up to 12\.0 ms late \(p99; max 30\.0 ms\)/),
		]);
	});
});
