import {mulberry32} from '../engine/random.js';
import {type Judged, comparisonColumns, judgedWith} from '../output/table.js';
import type {MetricName} from '../stats/accumulator.js';
import type {ComparisonRow} from '../stats/comparison.js';
import type {EndpointStats} from '../stats/endpoint-stats.js';
import {compareToBaseline} from '../stats/bootstrap.js';
import {judgeRanks} from '../stats/judge-ranks.js';
import {type MergedRun, mergeRuns} from './merge.js';
import {labelledEndpoints} from './report-labels.js';
import type {RunEndpoint, RunFile} from './run-types.js';
import {endpointStatsOf} from './stats-of.js';

import {defaultComparisonSeed} from '../stats/comparison.js';

/** Saved runs ready to show: their endpoints and figures, best and worst judged, each against the first. */
export type ComparedRuns = {
	readonly endpoints: readonly RunEndpoint[];
	/** The endpoints as the table takes them (names labelled with their file where they repeat). */
	readonly stats: readonly EndpointStats[];
	readonly judged: Judged;
	readonly comparison: readonly ComparisonRow[];
	/** With `merge`: the merged run, for its JSON. */
	readonly merged?: MergedRun;
};

/**
 * What `gatebench report` shows of saved runs, in its table and on its page alike: side by side, or
 * merged; each column's best and worst judged with a bootstrap (400 resamples), and every endpoint
 * against the first with bootstrap intervals.
 */
export function compareRuns(runs: readonly RunFile[], merge: boolean): ComparedRuns {
	const merged = merge ? mergeRuns(runs) : undefined;
	const labelled = merged ? [] : labelledEndpoints(runs);
	const endpoints = merged?.endpoints ?? labelled.map(({endpoint}) => endpoint);
	const stats = merged?.stats ?? labelled.map(({endpoint, name}, index) => endpointStatsOf(index, endpoint, name));
	const histogramOf = (index: number, metric: MetricName) => endpoints[index]?.metrics[metric]?.histogram;
	// One run as saved: the comparison it computed at its end (paired, when interleaved), never drawn again.
	const [only] = runs;
	const saved = !merge && runs.length === 1 ? only?.comparison : undefined;
	// Fixed (the run's own, when it has one), so that reporting the same files twice gives the same intervals and colours.
	const seed = saved?.seed ?? only?.load.seed ?? defaultComparisonSeed;
	const comparison =
		saved?.rows ??
		compareToBaseline(
			stats.map((endpoint, index) => ({name: endpoint.info.name, latency: histogramOf(index, 'latency'), ttft: histogramOf(index, 'ttft')})),
			{random: mulberry32(seed)},
		);
	return {
		endpoints,
		stats,
		judged: judgedWith(judgeRanks(stats, comparisonColumns(stats), histogramOf, {random: mulberry32(seed), iterations: 400}), comparison),
		comparison,
		...(merged ? {merged} : {}),
	};
}
