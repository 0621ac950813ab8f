import {expect} from 'vitest';

/** HDR's rule over the exact values: the smallest with at least p % at or below it. */
export const percentileOf = (sorted: readonly number[], percentile: number): number =>
	sorted[Math.max(Math.ceil((percentile / 100) * sorted.length), 1) - 1] ?? Number.NaN;

type Times = {readonly p50: number; readonly p95: number; readonly p99: number; readonly max: number};

/**
 * A summary's p50, p95, p99 and max (ms) are those of the exact values (sorted, ms, as a request CSV
 * has them) within HDR's precision: 3 significant digits (a bucket is at most 1/1024 of its value)
 * and the CSV's 0.01 ms.
 */
export function expectWithinHdrPrecision(summary: Times | null | undefined, sorted: readonly number[], label: string): void {
	for (const [key, percentile] of [
		['p50', 50],
		['p95', 95],
		['p99', 99],
		['max', 100],
	] as const) {
		const exact = percentileOf(sorted, percentile);
		expect(Math.abs((summary?.[key] ?? Number.NaN) - exact), `${label} ${key}`).toBeLessThanOrEqual(exact / 1024 + 0.011);
	}
}
