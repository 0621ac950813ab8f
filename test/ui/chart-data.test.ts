import {describe, expect, it} from 'vitest';
import {bucketsOf} from '../../source/stats/buckets.js';
import {createHistogram, recordUs} from '../../source/stats/histogram.js';
import {Throughput} from '../../source/stats/throughput.js';
import {barLines} from '../../source/ui/components/bar-lines.js';
import {nextChart} from '../../source/ui/chart-modes.js';

describe('the data behind the live charts', () => {
	it('buckets a latency histogram from its minimum to p99.9, every value counted once', () => {
		const histogram = createHistogram();
		// 10 ms ×500, 20 ms ×300, 30 ms ×199, and one 5 s outlier beyond p99.9.
		for (const [ms, times] of [
			[10, 500],
			[20, 300],
			[30, 199],
			[5000, 1],
		] as const) {
			for (let index = 0; index < times; index++) recordUs(histogram, ms * 1000);
		}

		const buckets = bucketsOf(histogram, 20);
		expect(buckets?.fromMs).toBeCloseTo(10, 1);
		expect(buckets?.toMs).toBeCloseTo(30, 1);
		expect(buckets?.beyond).toBe(1);
		expect(buckets?.counts.reduce((sum, count) => sum + count, 0)).toBe(999);
		expect(buckets?.counts[0]).toBe(500);
		expect(buckets?.counts[10]).toBe(300);
		expect(buckets?.counts[19]).toBe(199);
		expect(bucketsOf(createHistogram())).toBeNull();
	});

	it('counts requests per whole second by when they ended, the second still going left out', () => {
		const throughput = new Throughput();
		for (const endUs of [100_000, 900_000, 1_500_000, 3_200_000, 3_900_000, 4_100_000]) throughput.record(endUs);
		expect(throughput.perSecond()).toEqual([2, 1, 0, 2]);
	});

	it('draws bars in eighths, the tallest the full height, wider when there is room', () => {
		expect(barLines([0, 4, 8], 6, 1)).toEqual(['  ▄▄██']);
		expect(barLines([1, 8], 2, 2)).toEqual([' █', '▂█']);
	});

	it('tab goes latency → TTFT → inter-token → throughput → distribution, without token charts when nothing streams', () => {
		const order = (stream: boolean) => {
			const seen = ['latency' as const];
			for (let step = 0; step < 5; step++) seen.push(nextChart(seen.at(-1) ?? 'latency', stream) as 'latency');
			return seen;
		};

		expect(order(true)).toEqual(['latency', 'ttft', 'itl', 'throughput', 'distribution', 'latency']);
		expect(order(false).slice(0, 4)).toEqual(['latency', 'throughput', 'distribution', 'latency']);
	});
});
