import {describe, expect, it} from 'vitest';
import {Metric} from '../../source/stats/metric.js';
import {onSharedRange, rebin} from '../../source/stats/buckets.js';

/** The value at percentile p of a sorted array, by HDR's rule: the smallest value with at least p% at or below it. */
const exactPercentile = (sorted: readonly number[], p: number) => sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;

function seeded(seed: number) {
	let state = seed;
	return () => {
		state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
		return state / 2_147_483_648;
	};
}

describe('HDR statistics', () => {
	it.each([
		['uniform µs..s', (random: () => number) => Math.floor(random() * 2_000_000) + 1],
		['long-tailed', (random: () => number) => Math.floor(200 + 1 / Math.max(random(), 1e-4) ** 1.5)],
		['sub-millisecond', (random: () => number) => Math.floor(random() * 900) + 50],
	])('match an exact sorted-array computation within 3 significant digits (%s)', (_name, draw) => {
		const random = seeded(42);
		const values = Array.from({length: 20_000}, () => draw(random));
		const metric = new Metric();
		for (const value of values) metric.record(value);
		const sorted = [...values].sort((a, b) => a - b);
		const stats = metric.distribution();
		const close = (actual: number, expectedUs: number) => expect(Math.abs(actual * 1000 - expectedUs)).toBeLessThanOrEqual(expectedUs * 0.001 + 1);
		close(stats.p5, exactPercentile(sorted, 5));
		close(stats.p50, exactPercentile(sorted, 50));
		close(stats.p75, exactPercentile(sorted, 75));
		close(stats.p80, exactPercentile(sorted, 80));
		close(stats.p95, exactPercentile(sorted, 95));
		close(stats.p99, exactPercentile(sorted, 99));
		close(stats.max, sorted.at(-1) ?? 0);
		const sum = values.reduce((total, value) => total + value, 0);
		expect(stats.total).toBeCloseTo(sum / 1000, 6);
		expect(stats.avg).toBeCloseTo(sum / values.length / 1000, 6);
		expect(stats.count).toBe(values.length);
	});

	it('clamps values past ten minutes instead of throwing', () => {
		const metric = new Metric();
		metric.record(3_600_000_000);
		expect(metric.distribution().max).toBeGreaterThan(599_000);
	});

	it('does not grow with the number of recorded values', () => {
		const metric = new Metric();
		const footprint = () => metric.histogram.estimatedFootprintInBytes;
		metric.record(1000);
		const before = footprint();
		for (let index = 0; index < 200_000; index++) metric.record((index % 50_000) + 1);
		expect(footprint()).toBe(before);
	});
});

describe('percentiles stay within what was recorded', () => {
	it('never above the max: the top bucket’s upper edge is cut back to the largest value', () => {
		// 2,106,000 µs lies in a bucket 1,024 µs wide: HDR alone reports p99 = 2,106,367 µs for it.
		const metric = new Metric();
		for (const value of [900, 1500, 2_106_000]) metric.record(value);
		const stats = metric.distribution();
		expect(stats.max).toBe(2106);
		expect(stats.p99).toBe(2106);
		expect(stats.p95).toBe(2106);
		expect(stats.p5).toBe(0.9);
	});

	it('never below the min, zeros included', () => {
		const metric = new Metric();
		for (const value of [0, 0, 123_456]) metric.record(value);
		const stats = metric.distribution();
		expect(stats.p5).toBe(0);
		expect(stats.p50).toBe(0);
		expect(stats.p99).toBe(123.456);
		const single = new Metric();
		single.record(123_456);
		expect(single.distribution()).toMatchObject({p5: 123.456, p50: 123.456, p99: 123.456, max: 123.456});
	});
});

describe('distributions moved onto one range', () => {
	it('keep every count, each bucket where its middle falls', () => {
		const a = {fromMs: 0, toMs: 10, counts: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], beyond: 2};
		const b = {fromMs: 5, toMs: 20, counts: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1], beyond: 0};
		const [sharedA, sharedB, none] = onSharedRange([a, b, null]);
		expect(sharedA).toMatchObject({fromMs: 0, toMs: 20, beyond: 2});
		expect(sharedB).toMatchObject({fromMs: 0, toMs: 20, beyond: 0});
		expect(none).toBeNull();
		expect(sharedA?.counts.reduce((sum, count) => sum + count, 0)).toBe(55);
		expect(sharedB?.counts.reduce((sum, count) => sum + count, 0)).toBe(10);
		// a's buckets are 1 ms wide: in 2 ms buckets from 0, two by two.
		expect(sharedA?.counts.slice(0, 5)).toEqual([3, 7, 11, 15, 19]);
		expect(sharedB?.counts.slice(0, 2)).toEqual([0, 0]);
		expect(rebin(a, 0, 10)).toEqual({...a, counts: a.counts});
	});
});
