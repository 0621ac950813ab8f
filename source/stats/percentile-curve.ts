import type {Histogram} from 'hdr-histogram-js';
import {percentileUs} from './histogram.js';
import {inverseCdfOf} from './inverse-cdf.js';

/** One point of a percentile plot: `percentile` 0–100, `x` = 1 / (1 − percentile/100) (the "nines" axis), value in ms. */
export type PercentilePoint = {readonly percentile: number; readonly x: number; readonly ms: number};

/** Points per halving of the distance to 100 % (HdrHistogram's percentileTicksPerHalfDistance). */
const ticksPerHalfDistance = 5;

/**
 * The distribution as HdrHistogram's percentile plotter draws it: percentiles at 0, 12.9, 24.2 …
 * 50, 56.5 … 75 …, closer and closer to 100 % (each halving of the distance to it in five steps) up
 * to 1 − 1/count, then the max, drawn at x = count. Every value lies within the recorded min and max.
 */
export function percentileCurve(histogram: Histogram, maxUs = histogram.maxValue): PercentilePoint[] {
	const count = histogram.totalCount;
	if (count === 0) return [];
	const points: PercentilePoint[] = [];
	const last = 1 - 1 / count;
	for (let step = 0; ; step++) {
		const share = 1 - 2 ** (-step / ticksPerHalfDistance);
		if (share >= last && step > 0) break;
		points.push({percentile: share * 100, x: 1 / (1 - share), ms: percentileUs(histogram, share * 100, maxUs) / 1000});
	}

	points.push({percentile: 100, x: Math.max(count, points.at(-1)?.x ?? 1), ms: Math.min(maxUs, histogram.maxValue) / 1000});
	return points;
}

/** One bar of a histogram: values above `fromMs` up to `toMs`, and their share of all values (%). */
export type HistogramBin = {readonly fromMs: number; readonly toMs: number; readonly share: number};

/** Where a histogram's bins lie: from the lowest to the highest value of every series drawn together, evenly or by logarithm. */
export type BinRange = {readonly lowMs: number; readonly highMs: number; readonly logarithmic: boolean};

/** One range for histograms drawn together: by logarithm when the highest value is over ten times the lowest (long tails stay readable). */
export function binRange(histograms: ReadonlyArray<{readonly histogram: Histogram; readonly maxUs: number}>): BinRange {
	const lows = histograms.filter(({histogram}) => histogram.totalCount > 0).map(({histogram}) => percentileUs(histogram, 0) / 1000);
	const highs = histograms.filter(({histogram}) => histogram.totalCount > 0).map(({histogram, maxUs}) => Math.min(maxUs, histogram.maxValue) / 1000);
	const lowMs = lows.length > 0 ? Math.min(...lows) : 0;
	const highMs = Math.max(lowMs, ...highs);
	return {lowMs, highMs, logarithmic: lowMs > 0 && highMs / lowMs > 10};
}

/**
 * The recorded values in `bins` bins across `range`. Each HDR bucket falls in the bin of its
 * (highest equivalent) value, so shares add up to 100.
 */
export function histogramBins(histogram: Histogram, range: BinRange, bins = 40): HistogramBin[] {
	const cdf = inverseCdfOf(histogram);
	if (cdf.total === 0) return [];
	const {lowMs: low, highMs: high, logarithmic} = range;
	if (high === low) return [{fromMs: low, toMs: low * 1.001 + 0.001, share: 100}];
	const edge = (index: number) => (logarithmic ? low * (high / low) ** (index / bins) : low + ((high - low) * index) / bins);
	const counts = new Float64Array(bins);
	let before = 0;
	for (const [index, valueUs] of cdf.values.entries()) {
		const cumulative = cdf.cumulative[index] ?? before;
		const ms = valueUs / 1000;
		const position = logarithmic ? Math.log(Math.max(ms, low) / low) / Math.log(high / low) : (ms - low) / (high - low);
		const bin = Math.min(Math.max(Math.floor(position * bins), 0), bins - 1);
		counts[bin] = (counts[bin] ?? 0) + cumulative - before;
		before = cumulative;
	}

	return Array.from(counts, (count, index) => ({fromMs: edge(index), toMs: edge(index + 1), share: (count / cdf.total) * 100}));
}
