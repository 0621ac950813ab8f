import type {Histogram} from 'hdr-histogram-js';
import type {MetricName} from '../stats/accumulator.js';
import type {EndpointStats} from '../stats/endpoint-stats.js';
import {comparisonColumns, type Judged} from '../output/table.js';
import {type BootstrapOptions, percentileDifference} from '../stats/bootstrap.js';

/**
 * For each percentile column of the comparison table, whether its best and worst endpoints differ
 * clearly: the bootstrap interval of worst − best at that percentile excludes zero. A 0.26 ms
 * difference between two runs of the same server is noise, and is then not coloured as a ranking.
 */
export function judgeRanks(
	endpoints: readonly EndpointStats[],
	histogramOf: (endpoint: number, metric: MetricName) => Histogram | undefined,
	options: BootstrapOptions = {},
): Judged {
	const judged: Record<string, boolean> = {};
	if (endpoints.length < 2) return judged;
	for (const column of comparisonColumns(endpoints)) {
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
		judged[column.header] = low && high ? percentileDifference(low, high, percentile.at, options).clear : false;
	}

	return judged;
}
