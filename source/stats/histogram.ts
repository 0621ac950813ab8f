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

export function distributionOf(histogram: Histogram, totalUs: number): Distribution {
	const ms = (us: number) => us / 1000;
	const count = histogram.totalCount;
	if (count === 0) return {count, avg: 0, p5: 0, p50: 0, p75: 0, p80: 0, p95: 0, p99: 0, max: 0, total: 0};
	return {
		count,
		avg: ms(totalUs / count),
		p5: ms(histogram.getValueAtPercentile(5)),
		p50: ms(histogram.getValueAtPercentile(50)),
		p75: ms(histogram.getValueAtPercentile(75)),
		p80: ms(histogram.getValueAtPercentile(80)),
		p95: ms(histogram.getValueAtPercentile(95)),
		p99: ms(histogram.getValueAtPercentile(99)),
		max: ms(histogram.maxValue),
		total: ms(totalUs),
	};
}
