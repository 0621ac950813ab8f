import type {ComparisonRow} from '../../stats/comparison.js';
import type {EndpointStats} from '../../stats/endpoint-stats.js';
import type {PhaseStart} from '../../stats/phase-tally.js';
import type {HistogramBin, PercentilePoint} from '../../stats/percentile-curve.js';
import type {RunMeta} from '../json.js';
import type {SecondPoint} from '../../stats/time-series.js';

/** What one run was: its settings and how it went (several for runs reported side by side). */
export type RanRun = Pick<
	RunMeta,
	'version' | 'startedAt' | 'finishedAt' | 'interrupted' | 'mock' | 'httpClient' | 'workers' | 'load' | 'prompts' | 'startAt' | 'ceiling'
> & {
	readonly label: string;
	readonly insecure: boolean;
	readonly uniquePrefix: boolean;
	/** Runs (machines) merged into it; 1 for a plain run. */
	readonly machines: number;
	readonly phases: readonly PhaseStart[];
	readonly thresholds: ReadonlyArray<{readonly expression: string; readonly endpoint: string; readonly actual: number | null; readonly pass: boolean}>;
	/** A capacity search: what it raised, its SLOs, its steps (shown instead of the load). */
	readonly search?: string;
};

/** One endpoint's distribution of one metric. */
export type MetricSeries = {
	readonly endpoint: string;
	readonly count: number;
	readonly percentiles: readonly PercentilePoint[];
	readonly bins: readonly HistogramBin[];
};

/** A time metric drawn as a percentile plot and a histogram, every endpoint that has it a series. */
export type MetricPlot = {readonly metric: string; readonly title: string; readonly series: readonly MetricSeries[]};

export type OverTime = {
	readonly series: ReadonlyArray<{readonly endpoint: string; readonly points: readonly SecondPoint[]}>;
	/** Lines across the charts: where a phase or a sweep step began, seconds since the start. */
	readonly marks: ReadonlyArray<{readonly second: number; readonly label: string}>;
};

/** One finished step of a capacity search. */
export type CapacityPoint = {
	readonly endpoint: string;
	readonly load: number;
	readonly requestsPerSecond: number;
	readonly goodput: number;
	/** The first SLO's figure at this step (null where it had none). */
	readonly slo: number | null;
	readonly verdict: string;
};

export type Capacity = {
	readonly mode: 'concurrency' | 'rate';
	/** The first SLO as written (`ttft.p95<150ms`), and its limit. */
	readonly slo: string;
	readonly limit: number | null;
	readonly points: readonly CapacityPoint[];
	readonly answers: ReadonlyArray<{readonly endpoint: string; readonly text: string}>;
};

/** Everything the page shows; every string in it is shown as text, never as markup. */
/**
 * What the upstream saw (an overhead run, whose upstream keeps a record): per endpoint a line of
 * figures and notes, as the run printed them; or why the record could not be read.
 */
export type Upstream = {
	readonly entries: ReadonlyArray<{readonly name: string; readonly summary: string; readonly notes: readonly string[]}>;
	readonly failure?: string;
};

export type HtmlReport = {
	readonly title: string;
	readonly generatedAt: Date;
	readonly version: string;
	readonly runs: readonly RanRun[];
	/** The table's rows: the figures the JSON holds. */
	readonly endpoints: readonly EndpointStats[];
	/** Each endpoint against the first, with bootstrap 95 % intervals. */
	readonly comparison: readonly ComparisonRow[];
	readonly metrics: readonly MetricPlot[];
	readonly overTime: OverTime | null;
	/** `--metrics-url`: what the scraped servers said, one chart per figure (a single run only). */
	readonly server: ServerCharts | null;
	readonly capacity: Capacity | null;
	readonly upstream: Upstream | null;
};

/** A scraped server's figure second by second: one chart per figure, a line per server. */
export type ServerCharts = ReadonlyArray<{
	readonly figure: string;
	readonly title: string;
	readonly lines: ReadonlyArray<{readonly server: string; readonly points: ReadonlyArray<{readonly second: number; readonly value: number}>}>;
}>;
