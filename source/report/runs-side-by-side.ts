import type {Histogram} from 'hdr-histogram-js';
import {type Judged, comparisonColumns} from '../output/table.js';
import type {MetricName} from '../stats/accumulator.js';
import type {ComparisonRow} from '../stats/comparison.js';
import type {EndpointStats} from '../stats/endpoint-stats.js';
import {compareToBaseline} from '../stats/bootstrap.js';
import {judgeRanks} from '../stats/judge-ranks.js';
import {decodeHistogram} from './run-histograms.js';

/** What one finished run leaves for a side-by-side: its endpoints and their histograms as the JSON summary carries them. */
export type RunToCompare = {
	readonly snapshot: {readonly endpoints: readonly EndpointStats[]};
	readonly json: {readonly endpoints: ReadonlyArray<{readonly histograms: Readonly<Partial<Record<MetricName, string>>>}>};
};

export type RunsSideBySide = {
	/** Every run's endpoints, oldest run first, each name followed by `· run N`. */
	readonly endpoints: readonly EndpointStats[];
	/** Each endpoint of the last run against the same endpoint of the run before. */
	readonly comparison: readonly ComparisonRow[];
	readonly judged: Judged;
	/** The run (0 the oldest) each of `endpoints` comes from, by position. */
	readonly runOf: readonly number[];
};

/**
 * The same plan run again (`r` in the console): all runs in one table, each endpoint of the latest
 * against itself in the run before, and best and worst judged across all, from the histograms each
 * run saved (exact: the HDR encoding loses nothing).
 */
export function runsSideBySide(runs: readonly RunToCompare[]): RunsSideBySide {
	const histograms: Array<Partial<Record<MetricName, Histogram>>> = [];
	const endpoints: EndpointStats[] = [];
	const runOf: number[] = [];
	for (const [number, run] of runs.entries()) {
		for (const [position, stats] of run.snapshot.endpoints.entries()) {
			const encoded = run.json.endpoints[position]?.histograms ?? {};
			const decoded: Partial<Record<MetricName, Histogram>> = {};
			for (const [name, value] of Object.entries(encoded)) decoded[name as MetricName] = decodeHistogram(value, name, stats.info.name);
			histograms.push(decoded);
			endpoints.push({...stats, index: endpoints.length, info: {...stats.info, name: `${stats.info.name} · run ${number + 1}`}});
			runOf.push(number);
		}
	}

	const size = runs.at(-1)?.snapshot.endpoints.length ?? 0;
	const latest = endpoints.slice(-size);
	const before = endpoints.slice(-2 * size, -size);
	const comparison = latest.flatMap((stats, position) => {
		const baseline = before[position];
		if (!baseline) return [];
		const side = (endpoint: EndpointStats) => ({
			name: endpoint.info.name,
			latency: histograms[endpoint.index]?.latency,
			ttft: histograms[endpoint.index]?.ttft,
		});
		return compareToBaseline([side(baseline), side(stats)]);
	});
	const judged = judgeRanks(endpoints, comparisonColumns(endpoints), (index, metric) => histograms[index]?.[metric], {iterations: 400});
	return {endpoints, comparison, judged, runOf};
}
