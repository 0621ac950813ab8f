import {createRequire} from 'node:module';
import type {Histogram, JsHistogram as JsHistogramClass} from 'hdr-histogram-js';
import type * as Encoding from 'hdr-histogram-js/dist/encoding.js';

/*
 * hdr-histogram-js's index loads everything at once: its WebAssembly build, pako, the log
 * writer (whose Intl.NumberFormat alone takes ~20 ms): ~50 ms of a 150 ms start-up. The classes a
 * run records with are loaded alone, and the encoding (pako and the WebAssembly it can decode into)
 * only when a histogram is first written or read, after the run. The package is CommonJS, so
 * `require` loads a file of it at once, where it is needed.
 */
const require = createRequire(import.meta.url);
type HistogramConstructor = new (lowestDiscernibleValue: number, highestTrackableValue: number, numberOfSignificantValueDigits: number) => Histogram;
const {default: Int32Histogram} = require('hdr-histogram-js/dist/Int32Histogram') as {default: HistogramConstructor};
export const {default: JsHistogram} = require('hdr-histogram-js/dist/JsHistogram') as {default: typeof JsHistogramClass};
export type JsHistogram = JsHistogramClass;
let encoding: typeof Encoding | undefined;
const encodingOf = () => (encoding ??= require('hdr-histogram-js/dist/encoding') as typeof Encoding);

/** A histogram as the JSON keeps it: HdrHistogram's compressed base64. */
export const encodeHistogram = (histogram: Histogram): string => encodingOf().encodeIntoCompressedBase64(histogram);

/** A histogram read back from its compressed base64 (throws on anything else). */
export const decodeHistogram = (encoded: string, bitBucketSize?: 8 | 16 | 32 | 64 | 'packed', useWebAssembly?: boolean): Histogram =>
	encodingOf().decodeFromCompressedBase64(encoded, bitBucketSize, useWebAssembly);

/** 10 minutes in µs: longer requests are clamped to it. */
export const highestTrackableUs = 600_000_000;

/** The one place histogram settings live: integer µs, 1 µs to 10 min, 3 significant digits (32-bit counts, fixed size). */
export const createHistogram = (): Histogram => new Int32Histogram(1, highestTrackableUs, 3);

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
