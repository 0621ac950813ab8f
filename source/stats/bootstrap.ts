import type {Histogram} from 'hdr-histogram-js';
import type {ComparisonRow, PercentileDifference, PercentilePair} from './comparison.js';
import {percentileUs} from './histogram.js';
import {type InverseCdf, inverseCdfOf, valueAt} from './inverse-cdf.js';
import {rankedUniform, type Scratch, scratchFor} from './select.js';

export type {ComparisonRow, PercentileDifference, PercentilePair} from './comparison.js';

export type BootstrapOptions = {
	/** @default 1000 */
	readonly iterations?: number;
	/** Uniform on [0, 1); pass a seeded one (`mulberry32`) for reproducible intervals. @default Math.random */
	readonly random?: () => number;
};

/**
 * Resamples hold at most this many values per side. Beyond a few thousand the interval hardly
 * narrows, and the cost of each iteration grows with the size; for larger histograms the interval
 * is therefore slightly wider (more cautious) than a full-size bootstrap would give.
 */
export const maxResampleSize = 5000;

/** HDR's rule: the smallest value with at least p% of the values at or below it (1-based rank). */
const rankOf = (percentile: number, size: number) => Math.min(Math.max(Math.ceil((percentile / 100) * size), 1), size);

/**
 * The given percentile of one resample (with replacement) of `size` values from the distribution.
 * Each value is the inverse CDF of a uniform draw u (the value at percentile 100·u). Since the
 * inverse CDF never decreases, the k-th smallest of those values is the inverse CDF of the k-th
 * smallest u: so the uniforms are drawn and selected in O(size) and one O(log buckets) table
 * lookup is made, exactly the same result as looking every draw up and then selecting.
 */
const resamplePercentile = (cdf: InverseCdf, rank: number, scratch: Scratch, random: () => number): number =>
	valueAt(cdf, rankedUniform(scratch, rank, random));

const percentileOf = (sorted: Float64Array, percentile: number) => sorted[rankOf(percentile, sorted.length) - 1] ?? Number.NaN;

/** Each call: the given percentile of a fresh resample of the histogram, µs. */
function resampler(histogram: Histogram, percentile: number, random: () => number): () => number {
	const cdf = inverseCdfOf(histogram);
	const size = Math.min(cdf.total, maxResampleSize);
	const rank = rankOf(percentile, size);
	const scratch = scratchFor(size);
	return () => resamplePercentile(cdf, rank, scratch, random);
}

/** The 2.5th and 97.5th percentiles of `options.iterations` (default 1,000) draws: a 95% interval. */
function interval95(options: BootstrapOptions, draw: () => number): {low: number; high: number} {
	const values = new Float64Array(Math.max(1, Math.floor(options.iterations ?? 1000)));
	for (let iteration = 0; iteration < values.length; iteration++) values[iteration] = draw();
	values.sort();
	return {low: percentileOf(values, 2.5), high: percentileOf(values, 97.5)};
}

/**
 * candidate − baseline of one percentile, with a percentile-bootstrap 95% confidence interval:
 * each iteration resamples both histograms, and the interval is the 2.5th to 97.5th percentile
 * of the resampled differences. Values are µs in, ms out. Empty histograms give NaN, not clear.
 */
export function percentileDifference(baseline: Histogram, candidate: Histogram, percentile: number, options: BootstrapOptions = {}): PercentileDifference {
	const baselineMs = percentileUs(baseline, percentile) / 1000;
	const candidateMs = percentileUs(candidate, percentile) / 1000;
	if (baseline.totalCount === 0 || candidate.totalCount === 0) {
		return {baselineMs: Number.NaN, candidateMs: Number.NaN, differenceMs: Number.NaN, low: Number.NaN, high: Number.NaN, clear: false};
	}

	const random = options.random ?? Math.random;
	const base = resampler(baseline, percentile, random);
	const cand = resampler(candidate, percentile, random);
	// Baseline first, then candidate, in every iteration: a seeded random gives the same interval as ever.
	const {low, high} = interval95(options, () => {
		const drawn = base();
		return (cand() - drawn) / 1000;
	});
	return {baselineMs, candidateMs, differenceMs: candidateMs - baselineMs, low, high, clear: low > 0 || high < 0};
}

export type ComparedEndpoint = {readonly name: string; readonly latency?: Histogram; readonly ttft?: Histogram};

const pair = (baseline: Histogram | undefined, candidate: Histogram | undefined, options: BootstrapOptions): PercentilePair | null =>
	baseline && candidate && baseline.totalCount > 0 && candidate.totalCount > 0
		? {p50: percentileDifference(baseline, candidate, 50, options), p95: percentileDifference(baseline, candidate, 95, options)}
		: null;

/** Every endpoint after the first against the first (the baseline): p50 and p95 of latency and TTFT. */
export function compareToBaseline(endpoints: readonly ComparedEndpoint[], options: BootstrapOptions = {}): ComparisonRow[] {
	const [baseline, ...others] = endpoints;
	if (!baseline) return [];
	return others.map((endpoint) => ({
		name: endpoint.name,
		baseline: baseline.name,
		latency: pair(baseline.latency, endpoint.latency, options),
		ttft: pair(baseline.ttft, endpoint.ttft, options),
	}));
}

export type PercentileInterval = {
	/** The percentile of the histogram itself, ms. */
	readonly valueMs: number;
	/** Bootstrap 95% confidence interval of it, ms. */
	readonly low: number;
	readonly high: number;
};

/**
 * One percentile of one histogram with a percentile-bootstrap 95% confidence interval (the same
 * resampling as `percentileDifference`, one side). µs in, ms out; NaN for an empty histogram.
 */
export function percentileInterval(histogram: Histogram, percentile: number, options: BootstrapOptions = {}): PercentileInterval {
	const valueMs = percentileUs(histogram, percentile) / 1000;
	if (histogram.totalCount === 0) return {valueMs: Number.NaN, low: Number.NaN, high: Number.NaN};
	const draw = resampler(histogram, percentile, options.random ?? Math.random);
	return {valueMs, ...interval95(options, () => draw() / 1000)};
}
