import {describe, expect, it} from 'vitest';
import {compareToBaseline, percentileDifference} from '../../source/stats/bootstrap.js';
import {formatComparison} from '../../source/report/format-comparison.js';
import {inverseCdfOf, valueAt} from '../../source/stats/inverse-cdf.js';
import {mulberry32} from '../../source/engine/random.js';
import {histogramOf, valuesAround} from '../helpers/synthetic-run.js';

const random = mulberry32(11);
const baseValues = valuesAround(20_000, 50_000, 10_000, random);
const baseline = histogramOf(baseValues);
const same = histogramOf(valuesAround(20_000, 50_000, 10_000, random));
const shifted = histogramOf(baseValues.map((value) => value + 5000));

describe('bootstrap percentile differences', () => {
	it('finds no clear difference between two samples of one distribution', () => {
		for (const percentile of [50, 95]) {
			const result = percentileDifference(baseline, same, percentile, {random: mulberry32(1)});
			expect(result.low).toBeLessThanOrEqual(0);
			expect(result.high).toBeGreaterThanOrEqual(0);
			expect(result.clear).toBe(false);
			expect(Math.abs(result.differenceMs)).toBeLessThan(1);
		}
	});

	it('finds a 5 ms shift, with an interval around it that excludes zero', () => {
		for (const percentile of [50, 95]) {
			const result = percentileDifference(baseline, shifted, percentile, {random: mulberry32(2)});
			expect(result.clear).toBe(true);
			expect(result.low).toBeGreaterThan(0);
			expect(result.low).toBeLessThanOrEqual(5.05);
			expect(result.high).toBeGreaterThanOrEqual(4.95);
			expect(result.differenceMs).toBeCloseTo(5, 0);
			expect(result.baselineMs).toBeCloseTo(baseline.getValueAtPercentile(percentile) / 1000, 6);
		}
	});

	it('is deterministic with a seeded random, and honours the iteration count', () => {
		const first = percentileDifference(baseline, same, 95, {random: mulberry32(42), iterations: 200});
		const second = percentileDifference(baseline, same, 95, {random: mulberry32(42), iterations: 200});
		expect(second).toEqual(first);
		let draws = 0;
		const counting = mulberry32(42);
		percentileDifference(histogramOf([1, 2, 3]), histogramOf([4, 5]), 50, {random: () => (draws++, counting()), iterations: 10});
		expect(draws).toBe(10 * (3 + 2));
	});

	it('says nothing (NaN, not clear) for an empty histogram', () => {
		const result = percentileDifference(baseline, histogramOf([]), 50);
		expect(result.clear).toBe(false);
		expect(result.differenceMs).toBeNaN();
	});

	it('draws from the inverse CDF as the histogram reports percentiles, never past the largest value recorded', () => {
		const cdf = inverseCdfOf(baseline);
		expect(cdf.total).toBe(20_000);
		for (const percentile of [1, 25, 50, 90, 99.9]) expect(valueAt(cdf, percentile / 100 - 1e-9)).toBe(baseline.getValueAtPercentile(percentile));
		expect(valueAt(cdf, 0)).toBe(baseline.getValueAtPercentile(0.000_001));
		// The top bucket's upper edge lies above the largest value; the draw stops at that value.
		expect(baseline.getValueAtPercentile(100)).toBeGreaterThan(baseline.maxValue);
		expect(valueAt(cdf, 0.999_999_9)).toBe(baseline.maxValue);
	});
});

describe('comparison with the baseline', () => {
	it('compares every endpoint after the first, TTFT only where both have it, and formats the lines', () => {
		const rows = compareToBaseline(
			[
				{name: 'anthropic: gateway', latency: baseline, ttft: baseline},
				{name: 'fireworks: gateway', latency: shifted, ttft: shifted},
				{name: 'again: gateway', latency: same},
			],
			{random: mulberry32(3), iterations: 300},
		);
		expect(rows.map((row) => [row.name, row.baseline, Boolean(row.latency), Boolean(row.ttft)])).toEqual([
			['fireworks: gateway', 'anthropic: gateway', true, true],
			['again: gateway', 'anthropic: gateway', true, false],
		]);
		const text = formatComparison(rows, false);
		const lines = text.trimEnd().split('\n');
		expect(lines).toHaveLength(3);
		expect(lines[1]).toMatch(
			/^fireworks: gateway vs anthropic: gateway {2}p50 \+[45]\.\d\d ms \[\+\d\.\d\d, \+\d\.\d\d\] {2}p95 \+[45]\.\d\d ms .* {2}TTFT p50 \+[45]\.\d\d ms .* {2}TTFT p95 /,
		);
		expect(lines[1]).not.toContain('no clear difference');
		expect(lines[2]).toMatch(/^again: gateway vs anthropic: gateway {2}p50 [+-]\d\.\d\d ms \[-\d\.\d\d, \+\d\.\d\d\] no clear difference/);
		expect(lines[2]).not.toContain('TTFT');
		expect(text).not.toContain('\u001B[');
		expect(formatComparison(rows, true)).toContain('\u001B[');
		expect(formatComparison([], false)).toBe('');
	});
});
