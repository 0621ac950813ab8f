import {mulberry32} from '../engine/random.js';
import type {Capacity, HtmlReport, MetricPlot, OverTime, RanRun} from '../output/html/model.js';
import {htmlPage} from '../output/html/page.js';
import {version} from '../output/version.js';
import type {MetricName} from '../stats/accumulator.js';
import type {EndpointStats} from '../stats/endpoint-stats.js';
import {binRange, histogramBins, percentileCurve} from '../stats/percentile-curve.js';
import {secondPoints} from '../stats/time-series.js';
import {compareToBaseline} from './bootstrap.js';
import {judgeRanks} from './judge-ranks.js';
import {mergeRuns} from './merge.js';
import {fileLabels, labelledEndpoints} from './report-labels.js';
import {runOf} from './run-file.js';
import type {RunEndpoint, RunFile} from './run-types.js';
import {endpointStatsOf} from './stats-of.js';

/** Fixed, so that the same files give the same intervals and colours every time. */
const bootstrapSeed = 0x5eed;

/** The time metrics drawn, in the order the page shows them. */
const plotted: ReadonlyArray<readonly [MetricName, string]> = [
	['latency', 'Latency'],
	['corrected', 'Latency from the scheduled send (corrected)'],
	['ttfb', 'Time to first byte'],
	['ttft', 'Time to first token'],
	['ttfa', 'Time to first answer token'],
	['interToken', 'Inter-token latency'],
	['tpot', 'Time per output token'],
	['connect', 'Connect'],
];

function metricPlots(endpoints: readonly RunEndpoint[], names: readonly string[]): MetricPlot[] {
	return plotted.flatMap(([metric, title]) => {
		const range = binRange(endpoints.flatMap((endpoint) => endpoint.metrics[metric] ?? []));
		const series = endpoints.flatMap((endpoint, index) => {
			const found = endpoint.metrics[metric];
			if (!found) return [];
			return [
				{
					endpoint: names[index] ?? endpoint.info.name,
					count: found.histogram.totalCount,
					percentiles: percentileCurve(found.histogram, found.maxUs),
					bins: histogramBins(found.histogram, range),
				},
			];
		});
		return series.length === 0 ? [] : [{metric, title, series}];
	});
}

function overTimeOf(endpoints: readonly RunEndpoint[], names: readonly string[], runs: readonly RanRun[]): OverTime | null {
	const series = endpoints.flatMap((endpoint, index) =>
		endpoint.series
			? [{endpoint: names[index] ?? endpoint.info.name, points: secondPoints(endpoint.series, (endpoint.metrics.latency?.maxUs ?? 0) / 1000)}]
			: [],
	);
	if (series.length === 0) return null;
	// A steered run's phases (one run only: several runs have each their own clock).
	const phases = runs.length === 1 ? (runs[0]?.phases ?? []) : [];
	const marks =
		phases.length > 1
			? phases.map((phase) => ({
					second: phase.atMs / 1000,
					label: `phase ${phase.phase}: ${phase.rate === undefined ? `${phase.concurrency} in flight` : `${phase.rate}/s`}`,
				}))
			: [];
	return {series, marks};
}

function ranOf(run: RunFile, label: string): RanRun {
	return {
		label,
		version: run.version,
		startedAt: run.startedAt,
		finishedAt: run.finishedAt,
		interrupted: run.interrupted,
		mock: run.mock,
		httpClient: run.httpClient,
		insecure: run.insecure ?? false,
		load: run.load,
		prompts: run.prompts,
		startAt: run.startAt,
		uniquePrefix: run.uniquePrefix ?? false,
		machines: run.machines,
		phases: run.phases ?? [],
		thresholds: run.thresholds,
	};
}

export type HtmlOptions = {
	/** Merge same-named endpoints of every run into one (several machines, one endpoint). */
	readonly merge?: boolean;
	readonly title?: string;
	/** A sweep's curves and answers. */
	readonly capacity?: Capacity;
	/** The run over time when it is not the runs' own series (a sweep's steps one after another). */
	readonly overTime?: OverTime | null;
	/** A sweep: what it searched (shown instead of the load). */
	readonly search?: string;
};

type Assembled = {readonly runs: readonly RanRun[]; readonly endpoints: readonly RunEndpoint[]; readonly stats: readonly EndpointStats[]};

function assemble(runs: readonly RunFile[], merge: boolean): Assembled {
	if (merge) {
		const merged = mergeRuns(runs);
		const meta = {...merged.meta, path: 'merged', machines: merged.machines, endpoints: merged.endpoints, thresholds: []};
		const files = fileLabels(runs.map((run) => run.path));
		return {runs: [ranOf(meta, files.join(', '))], endpoints: merged.endpoints, stats: merged.stats};
	}

	const labelled = labelledEndpoints(runs);
	const labels = fileLabels(runs.map((run) => run.path));
	return {
		runs: runs.map((run, index) => ranOf(run, labels[index] ?? run.path)),
		endpoints: labelled.map(({endpoint}) => endpoint),
		stats: labelled.map(({endpoint, name}, index) => endpointStatsOf(index, endpoint, name)),
	};
}

/** The HTML report of runs read back (files, or a run just finished): side by side, or merged. */
export function htmlReportOf(runs: readonly RunFile[], options: HtmlOptions = {}): string {
	const assembled = assemble(runs, options.merge ?? false);
	const {endpoints, stats} = assembled;
	const ran = options.search === undefined ? assembled.runs : assembled.runs.map((run) => ({...run, search: options.search}));
	const names = stats.map((endpoint) => endpoint.info.name);
	const histogramOf = (index: number, metric: MetricName) => endpoints[index]?.metrics[metric]?.histogram;
	const judged = judgeRanks(stats, histogramOf, {random: mulberry32(bootstrapSeed), iterations: 400});
	const comparison =
		stats.length > 1
			? compareToBaseline(
					stats.map((endpoint, index) => ({name: endpoint.info.name, latency: histogramOf(index, 'latency'), ttft: histogramOf(index, 'ttft')})),
					{random: mulberry32(bootstrapSeed)},
				)
			: [];
	const report: HtmlReport = {
		title: options.title ?? (runs.length === 1 ? `gatebench run of ${runs[0]?.startedAt.toISOString() ?? ''}` : `gatebench report: ${runs.length} runs`),
		generatedAt: new Date(),
		version,
		runs: ran,
		endpoints: stats,
		comparison,
		metrics: metricPlots(endpoints, names),
		overTime: options.overTime === undefined ? overTimeOf(endpoints, names, ran) : options.overTime,
		capacity: options.capacity ?? null,
	};
	return htmlPage(report, judged);
}

/** The report of a run just finished, from the JSON it wrote (so the page and the file agree figure for figure). */
export const htmlReportOfJson = (json: unknown, options: HtmlOptions = {}): string => htmlReportOf([runOf('this run', json)], options);
