import type {Capacity, HtmlReport, MetricPlot, OverTime, RanRun, ServerCharts} from '../output/html/model.js';
import type {ServerSeries} from '../stats/server-metrics.js';
import type {JsonSummary, RunMeta} from '../output/json.js';
import {htmlPage} from '../output/html/page.js';
import {version} from '../output/version.js';
import type {MetricName} from '../stats/accumulator.js';
import {binRange, histogramBins, percentileCurve} from '../stats/percentile-curve.js';
import {secondPoints} from '../stats/time-series.js';
import {type ComparedRuns, compareRuns} from './compared-runs.js';
import {fileLabels} from './report-labels.js';
import {upstreamEntries} from './format-witness.js';
import {runOfSummary} from './summary-run.js';
import type {RunEndpoint, RunFile} from './run-types.js';

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
		ceiling: run.ceiling,
		uniquePrefix: run.uniquePrefix ?? false,
		machines: run.machines,
		phases: run.phases ?? [],
		thresholds: run.thresholds,
	};
}

const serverTitles: Readonly<Record<string, string>> = {
	running: 'requests running',
	waiting: 'requests waiting',
	kvCacheUse: 'KV cache use (%)',
	prefixHitRate: 'prefix-cache hit rate (%)',
	queueTimeMs: 'time queued (ms)',
};

/** A chart per figure any scraped server gave, a line per server (named by its endpoint, else its address). */
function serverChartsOf(servers: readonly ServerSeries[], names: readonly string[]): ServerCharts | null {
	const figures = [...new Set(servers.flatMap((server) => Object.keys(server.series)))];
	if (figures.length === 0) return null;
	const label = (server: ServerSeries) => (server.endpoint === null ? server.url : (names[server.endpoint] ?? server.url));
	return figures.map((figure) => ({
		figure,
		title: serverTitles[figure] ?? figure,
		lines: servers.map((server) => ({
			server: label(server),
			points: (server.series[figure] ?? []).flatMap((value, second) => (value === null ? [] : [{second, value}])),
		})),
	}));
}

/** A single run's record from its upstream (an overhead run just finished); none for several runs side by side. */
function upstreamOf(runs: readonly RunFile[], names: readonly string[]): HtmlReport['upstream'] {
	const witness = runs.length === 1 ? runs[0]?.witness : undefined;
	if (!witness) return null;
	if (witness.failure !== undefined) return {entries: [], failure: witness.failure};
	return {entries: upstreamEntries(names, witness)};
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

/** What ran: one run described per file, or the merged run naming its files. */
function ranRuns(runs: readonly RunFile[], compared: ComparedRuns): RanRun[] {
	const labels = fileLabels(runs.map((run) => run.path));
	const {merged} = compared;
	if (!merged) return runs.map((run, index) => ranOf(run, labels[index] ?? run.path));
	return [ranOf({...merged.meta, path: 'merged', machines: merged.machines, endpoints: merged.endpoints, thresholds: []}, labels.join(', '))];
}

/**
 * The HTML report of runs read back (files, or a run just finished): side by side, or merged.
 * `compared`: the runs as `gatebench report` already compared them (else compared here).
 */
export function htmlReportOf(runs: readonly RunFile[], options: HtmlOptions & {readonly compared?: ComparedRuns} = {}): string {
	const compared = options.compared ?? compareRuns(runs, options.merge ?? false);
	const {endpoints, stats} = compared;
	const described = ranRuns(runs, compared);
	const ran = options.search === undefined ? described : described.map((run) => ({...run, search: options.search}));
	const names = stats.map((endpoint) => endpoint.info.name);
	const report: HtmlReport = {
		title: options.title ?? (runs.length === 1 ? `gatebench run of ${runs[0]?.startedAt.toISOString() ?? ''}` : `gatebench report: ${runs.length} runs`),
		generatedAt: new Date(),
		version,
		runs: ran,
		endpoints: stats,
		comparison: compared.comparison,
		metrics: metricPlots(endpoints, names),
		overTime: options.overTime === undefined ? overTimeOf(endpoints, names, ran) : options.overTime,
		capacity: options.capacity ?? null,
		upstream: upstreamOf(runs, names),
		server: runs.length === 1 ? serverChartsOf(runs[0]?.serverMetrics ?? [], names) : null,
	};
	return htmlPage(report, compared.judged);
}

/** The report of a run just finished, from the JSON it wrote (so the page and the file agree figure for figure). */
export const htmlReportOfSummary = (meta: RunMeta, json: JsonSummary, options: HtmlOptions = {}): string =>
	htmlReportOf([runOfSummary('this run', meta, json.endpoints, json.thresholds)], options);
