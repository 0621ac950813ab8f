import type {Histogram} from 'hdr-histogram-js';
import {decodeHistogram, encodeHistogram, JsHistogram, minRecordedUs} from './histogram.js';

/** A histogram's recorded distribution as a step function: non-empty buckets in value order. */
export type InverseCdf = {
	/** Values recorded, 1 to total. */
	readonly total: number;
	/** Each non-empty bucket's highest equivalent value (what `getValueAtPercentile` reports), within the recorded min and max, ascending. */
	readonly values: Float64Array;
	/** Values recorded in this bucket and every lower one. */
	readonly cumulative: Float64Array;
};

/** WebAssembly histograms do not expose their buckets: round-trip them through the (exact) encoding. */
const jsHistogramOf = (histogram: Histogram): JsHistogram =>
	histogram instanceof JsHistogram ? histogram : (decodeHistogram(encodeHistogram(histogram), 32, false) as JsHistogram);

/** Built once per histogram by one pass over its counts; each lookup is then a binary search. */
export function inverseCdfOf(histogram: Histogram): InverseCdf {
	const source = jsHistogramOf(histogram);
	const values: number[] = [];
	const cumulative: number[] = [];
	let running = 0;
	// Once, not per bucket: the min is itself a walk over the buckets.
	const min = minRecordedUs(source);
	const max = source.maxValue;
	for (let index = 0; index < source.countsArrayLength; index++) {
		const count = source.getCountAtIndex(index);
		if (count === 0) continue;
		running += count;
		values.push(Math.min(Math.max(source.highestEquivalentValue(source.valueFromIndex(index)), min), max));
		cumulative.push(running);
	}

	return {total: running, values: Float64Array.from(values), cumulative: Float64Array.from(cumulative)};
}

/**
 * The value at percentile 100·u (u in [0, 1)): the bucket holding the ⌊u·total⌋+1-th smallest value,
 * so every recorded value is equally likely. O(log buckets).
 */
export function valueAt(cdf: InverseCdf, u: number): number {
	const rank = Math.min(Math.floor(u * cdf.total) + 1, cdf.total);
	let low = 0;
	let high = cdf.cumulative.length - 1;
	while (low < high) {
		const middle = (low + high) >>> 1;
		if ((cdf.cumulative[middle] ?? 0) >= rank) high = middle;
		else low = middle + 1;
	}

	return cdf.values[low] ?? 0;
}
