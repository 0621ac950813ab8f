import {describe, expect, it} from 'vitest';
import {createHistogram, percentileUs, recordUs} from '../../source/stats/histogram.js';
import {binRange, histogramBins, percentileCurve} from '../../source/stats/percentile-curve.js';
import {bucketPercentileMs, secondPoints, seriesBucketEdgesMs, TimeSeries} from '../../source/stats/time-series.js';

/** 1,000 values: 1..999 ms evenly, and one 5 s outlier. */
function histogramOfKnownValues() {
	const histogram = createHistogram();
	for (let ms = 1; ms < 1000; ms++) recordUs(histogram, ms * 1000);
	recordUs(histogram, 5_000_000);
	return histogram;
}

describe('the percentile plot', () => {
	it("steps towards 100 % as HdrHistogram's plotter does, every value within the recorded min and max, ending at the max", () => {
		const histogram = histogramOfKnownValues();
		const curve = percentileCurve(histogram, 5_000_000);
		expect(curve[0]).toEqual({percentile: 0, x: 1, ms: 1});
		// Five points per halving of the distance to 100 %: 50 % is the fifth step, 75 % the tenth.
		expect(curve[5]?.percentile).toBeCloseTo(50, 9);
		expect(curve[10]?.percentile).toBeCloseTo(75, 9);
		expect(curve[5]?.ms).toBeCloseTo(percentileUs(histogram, 50) / 1000, 9);
		expect(curve.at(-1)).toEqual({percentile: 100, x: 1000, ms: 5000});
		for (const [index, point] of curve.entries()) {
			expect(point.ms).toBeGreaterThanOrEqual(1);
			expect(point.ms).toBeLessThanOrEqual(5000);
			if (point.percentile < 100) expect(point.x).toBeCloseTo(1 / (1 - point.percentile / 100), 6);
			if (index > 0) expect(point.ms).toBeGreaterThanOrEqual(curve[index - 1]?.ms ?? 0);
		}

		// The last step before the max is below 1 − 1/count (99.9 % of 1,000 values).
		expect(curve.at(-2)?.percentile).toBeLessThan(99.9);
		expect(percentileCurve(createHistogram())).toEqual([]);
	});

	it('puts every value in one bin of a range shared by the series drawn together, evenly or by logarithm', () => {
		const wide = histogramOfKnownValues();
		const narrow = createHistogram();
		for (let ms = 100; ms <= 200; ms++) recordUs(narrow, ms * 1000);
		const range = binRange([
			{histogram: wide, maxUs: 5_000_000},
			{histogram: narrow, maxUs: 200_000},
		]);
		expect(range).toEqual({lowMs: 1, highMs: 5000, logarithmic: true});
		const bins = histogramBins(narrow, range, 40);
		expect(bins).toHaveLength(40);
		expect(bins[0]?.fromMs).toBe(1);
		expect(bins.at(-1)?.toMs).toBeCloseTo(5000, 6);
		expect(bins.reduce((sum, bin) => sum + bin.share, 0)).toBeCloseTo(100, 9);
		// 100–200 ms lie in the bins whose edges hold them, and nowhere else.
		for (const bin of bins) if (bin.share > 0) expect(bin.toMs > 99 && bin.fromMs < 201).toBe(true);

		const even = binRange([{histogram: narrow, maxUs: 200_000}]);
		expect(even.logarithmic).toBe(false);
		const evenBins = histogramBins(narrow, even, 10);
		// 101 values 100..200 ms in ten 10 ms bins: each bin holds ten, the last eleven (200 falls in it).
		expect(evenBins.map((bin) => Math.round((bin.share * 101) / 100))).toEqual([10, 10, 10, 10, 10, 10, 10, 10, 10, 11]);
	});
});

describe('the run over time, as drawn', () => {
	it('counts requests in flight exactly at each second and reads latency percentiles from the coarse buckets', () => {
		const series = new TimeSeries();
		// Two sent in second 0: one ends at 0.5 s, one at 2.5 s; one sent at 1.2 s fails at 1.4 s.
		series.record(100_000, 400_000, true);
		series.record(200_000, 2_300_000, true);
		series.record(1_200_000, 200_000, false);
		const points = secondPoints(series.toJSON(), 2300);
		expect(points.map((point) => point.inFlight)).toEqual([1, 1, 0]);
		expect(points.map((point) => point.completed)).toEqual([1, 1, 1]);
		expect(points.map((point) => point.errors)).toEqual([0, 1, 0]);
		expect(points[1]?.p50Ms).toBeNull();
		// 400 ms lies in the 200–500 ms bucket: its median is read halfway up it.
		expect(points[0]?.p50Ms).toBeCloseTo(350, 9);
		expect(points[2]?.p95Ms).toBeLessThanOrEqual(2300);

		const buckets = Array.from({length: seriesBucketEdgesMs.length + 1}, () => 0);
		buckets[seriesBucketEdgesMs.length] = 4;
		// The last bucket (over 60 s) ends at the slowest request.
		expect(bucketPercentileMs(buckets, seriesBucketEdgesMs, 100, 90_000)).toBe(90_000);
	});

	it('draws a long run in at most 600 points, each a per-second rate over its interval', () => {
		const series = new TimeSeries();
		for (let second = 0; second < 1800; second++) series.record(second * 1e6 + 1000, 10_000, true);
		const points = secondPoints(series.toJSON(), 10);
		expect(points).toHaveLength(600);
		expect(points[0]?.second).toBe(3);
		expect(points.every((point) => point.completed === 1)).toBe(true);
	});
});
