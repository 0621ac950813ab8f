import type {Histogram} from 'hdr-histogram-js';
import type {MetricName} from './accumulator.js';
import type {EndpointStats} from './endpoint-stats.js';
import {type BootstrapOptions, percentileDifference} from './bootstrap.js';
import {mulberry32} from '../engine/random.js';

/**
 * Per column header, whether its best and worst endpoints differ clearly (the bootstrap interval of
 * their difference excludes zero). A column judged unclear is not coloured best and worst; columns
 * not judged keep their colours.
 */
export type Judged = Readonly<Record<string, boolean>>;

/** A column of the comparison table, as far as judging its ranking needs it. */
export type RankedColumn = {
	readonly header: string;
	readonly value: (stats: EndpointStats) => number | undefined;
	/** A percentile of a histogram: best and worst can be judged with a bootstrap. */
	readonly percentile?: {readonly metric: MetricName; readonly at: number};
};

/**
 * For each percentile column of the comparison table (`columns`, the table's own), whether its best and worst endpoints differ
 * clearly: the bootstrap interval of worst − best at that percentile excludes zero. A 0.26 ms
 * difference between two runs of the same server is noise, and is then not coloured as a ranking.
 */
export function judgeRanks(
	endpoints: readonly EndpointStats[],
	columns: readonly RankedColumn[],
	histogramOf: (endpoint: number, metric: MetricName) => Histogram | undefined,
	options: BootstrapOptions = {},
): Judged {
	const judged: Record<string, boolean> = {};
	if (endpoints.length < 2) return judged;
	const draw = options.random ?? Math.random;
	for (const column of columns) {
		// Each column its own stream, drawn whether or not it is judged: a column left out (no values
		// in a run read back from a file) shifts no other column's resamples.
		const random = mulberry32(Math.floor(draw() * 2 ** 32));
		const {percentile} = column;
		if (!percentile) continue;
		const ranked = endpoints
			.map((stats, position) => ({position, value: column.value(stats)}))
			.filter((entry): entry is {position: number; value: number} => entry.value !== undefined)
			.sort((a, b) => a.value - b.value);
		const best = ranked[0];
		const worst = ranked.at(-1);
		if (!best || !worst || best === worst) continue;
		const low = histogramOf(endpoints[best.position]?.index ?? -1, percentile.metric);
		const high = histogramOf(endpoints[worst.position]?.index ?? -1, percentile.metric);
		judged[column.header] = low && high ? percentileDifference(low, high, percentile.at, {...options, random}).clear : false;
	}

	return judged;
}
