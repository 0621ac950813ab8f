import {build, type Histogram} from 'hdr-histogram-js';

/** 10 minutes in µs: longer requests are clamped to it. */
export const highestTrackableUs = 600_000_000;

/** The one place histogram settings live: integer µs, 1 µs to 10 min, 3 significant digits. */
export const createHistogram = (): Histogram =>
	build({
		lowestDiscernibleValue: 1,
		highestTrackableValue: highestTrackableUs,
		numberOfSignificantValueDigits: 3,
		bitBucketSize: 32,
		autoResize: false,
		useWebAssembly: false,
	});

export const recordUs = (histogram: Histogram, us: number): void => {
	histogram.recordValue(Math.min(Math.max(Math.round(us), 0), highestTrackableUs));
};

/** Millisecond statistics of one metric; `total` is the exact sum, the rest come from HDR. */
export type Distribution = {
	readonly count: number;
	readonly avg: number;
	readonly p5: number;
	readonly p50: number;
	readonly p75: number;
	readonly p80: number;
	readonly p95: number;
	readonly p99: number;
	readonly max: number;
	readonly total: number;
};

/** The percentile each percentile field of a Distribution holds. */
export const distributionPercentiles: Readonly<Partial<Record<keyof Distribution, number>>> = {p5: 5, p50: 50, p75: 75, p80: 80, p95: 95, p99: 99};

/** The smallest value recorded, µs: 0 when a zero was (percentile 0 is then 0), else the smallest non-zero one. */
export const minRecordedUs = (histogram: Histogram): number => (histogram.getValueAtPercentile(0) === 0 ? 0 : histogram.minNonZeroValue);

/**
 * Keeps a value read from the buckets within what was recorded. HDR reports a bucket's upper edge,
 * which for the top bucket can lie above the largest value recorded (p99 2107.4 ms beside a max of
 * 2106.0): a percentile is never above the max nor below the min.
 */
export const withinRecordedUs = (histogram: Histogram, us: number, maxUs = histogram.maxValue): number =>
	Math.min(Math.max(us, minRecordedUs(histogram)), maxUs);

/** The value at a percentile (0–100), µs, within the recorded min and max. */
export const percentileUs = (histogram: Histogram, percentile: number, maxUs = histogram.maxValue): number =>
	withinRecordedUs(histogram, histogram.getValueAtPercentile(percentile), maxUs);

/**
 * `maxUs`: the largest value recorded, when it is known better than the histogram knows it (a
 * histogram read back from a file has only its top bucket's upper edge).
 */
export function distributionOf(histogram: Histogram, totalUs: number, maxUs = histogram.maxValue): Distribution {
	const ms = (us: number) => us / 1000;
	const count = histogram.totalCount;
	if (count === 0) return {count, avg: 0, p5: 0, p50: 0, p75: 0, p80: 0, p95: 0, p99: 0, max: 0, total: 0};
	const at = (percentile: number) => ms(percentileUs(histogram, percentile, maxUs));
	return {
		count,
		avg: ms(totalUs / count),
		p5: at(5),
		p50: at(50),
		p75: at(75),
		p80: at(80),
		p95: at(95),
		p99: at(99),
		max: ms(maxUs),
		total: ms(totalUs),
	};
}
