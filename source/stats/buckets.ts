import type {Histogram} from 'hdr-histogram-js';
import {inverseCdfOf} from './inverse-cdf.js';
import {percentileUs} from './histogram.js';

/** A distribution as equal-width bars, for a histogram chart. Values in ms. */
export type Buckets = {
	readonly fromMs: number;
	readonly toMs: number;
	/** Values recorded in each of the equal-width buckets from `fromMs` to `toMs`. */
	readonly counts: readonly number[];
	/** Values above `toMs` (the last 0.1 %, left out so that one outlier does not squash the chart). */
	readonly beyond: number;
};

/** The histogram's values from its minimum to p99.9, in `count` equal-width buckets; null when empty. */
export function bucketsOf(histogram: Histogram, count = 60): Buckets | null {
	if (histogram.totalCount === 0) return null;
	const cdf = inverseCdfOf(histogram);
	const from = cdf.values[0] ?? 0;
	const to = Math.max(percentileUs(histogram, 99.9), from + 1);
	const counts = Array.from({length: count}, () => 0);
	let beyond = 0;
	let below = 0;
	for (const [index, value] of cdf.values.entries()) {
		const cumulative = cdf.cumulative[index] ?? below;
		const recorded = cumulative - below;
		below = cumulative;
		if (value > to) beyond += recorded;
		else {
			const bucket = Math.min(count - 1, Math.floor(((value - from) / (to - from)) * count));
			counts[bucket] = (counts[bucket] ?? 0) + recorded;
		}
	}

	return {fromMs: from / 1000, toMs: to / 1000, counts, beyond};
}

/**
 * The same counts on another range (each bucket moved whole by its middle), so that several
 * endpoints' distributions drawn one above another share one axis and a shift between them shows.
 */
export function rebin(buckets: Buckets, fromMs: number, toMs: number): Buckets {
	const count = buckets.counts.length;
	const width = (buckets.toMs - buckets.fromMs) / count;
	const counts = Array.from({length: count}, () => 0);
	for (const [index, recorded] of buckets.counts.entries()) {
		const middle = buckets.fromMs + (index + 0.5) * width;
		const bucket = Math.min(count - 1, Math.max(0, Math.floor(((middle - fromMs) / (toMs - fromMs || 1)) * count)));
		counts[bucket] = (counts[bucket] ?? 0) + recorded;
	}

	return {fromMs, toMs, counts, beyond: buckets.beyond};
}

/** Every distribution on the range that holds them all (null stays null). */
export function onSharedRange(all: ReadonlyArray<Buckets | null>): Array<Buckets | null> {
	const present = all.filter((buckets): buckets is Buckets => buckets !== null);
	if (present.length < 2) return [...all];
	const fromMs = Math.min(...present.map((buckets) => buckets.fromMs));
	const toMs = Math.max(...present.map((buckets) => buckets.toMs));
	return all.map((buckets) => buckets && rebin(buckets, fromMs, toMs));
}
