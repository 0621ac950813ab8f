import type {ServerSeries} from '../stats/server-metrics.js';
import {ceilingVerdictOf} from '../stats/ceiling-share.js';
import type {OutputPaths} from '../plan/draft.js';
import {type ComparisonRow, compareToBaseline} from '../stats/bootstrap.js';
import {type Comparison, defaultComparisonSeed} from '../stats/comparison.js';
import {allFlags, withheldBecause} from '../stats/fidelity-flags.js';
import {WitnessJoin} from './witness-join.js';
import {liveIterations, liveMinimum} from '../stats/live-comparison.js';
import {PairCollector, type PairMetric, sampleMetrics, witnessMetrics} from '../stats/paired.js';
import {mulberry32} from '../engine/random.js';
import {judgeRanks} from '../stats/judge-ranks.js';
import {type Judged, comparisonColumns, judgedWith} from '../output/table.js';
import {plannedRequests} from '../engine/load-models.js';
import type {RunResult} from '../engine/run.js';
import type {RunEvent} from '../engine/events.js';
import {aggregateCsv} from '../output/aggregate-csv.js';
import {writeFileAtomic} from '../output/files.js';
import {type JsonSummary, jsonSummary, type RunMeta} from '../output/json.js';
import {RequestCsvWriter} from '../output/request-csv.js';
import {loadOf, type RunPlan} from '../plan/run-plan.js';
import {RunStore, type Snapshot} from '../stats/run-store.js';
import {checkThresholds, type ThresholdResult} from '../stats/check-thresholds.js';
import {version} from '../output/version.js';

/** Resamples per column judged: a dozen columns cost well under a second at the end of a run. */
const judgeIterations = 400;

export type Saved = {
	readonly snapshot: Snapshot;
	readonly json: JsonSummary;
	readonly thresholds: readonly ThresholdResult[];
	/** Files written, in the order csv, request csv, json, html. */
	readonly written: readonly string[];
	/** The HTML report, when one was written. */
	readonly report?: string;
	/** A witnessed run: what the upstream saw of each endpoint's requests. */
	readonly witness?: RunMeta['witness'];
	/** How close the run came to the client's measured ceiling. */
	readonly ceiling?: RunMeta['ceiling'];
};

export type RecorderOptions = {
	readonly plan: RunPlan;
	readonly outputs: OutputPaths;
	/** The run measures the built-in mock gateway (recorded in the JSON). */
	readonly mock: boolean;
	/** How often the store may notify subscribers. @default 66 */
	readonly snapshotIntervalMs?: number;
	/** Draws the `--html` page from the run's JSON (loaded before the run: it takes half a second). */
	readonly renderHtml?: (meta: RunMeta, json: JsonSummary) => string;
};

/**
 * What a run leaves behind: every event into the stats store and every Sample into the
 * request CSV as it completes; at the end (or at once, on a second Ctrl-C) the aggregate
 * CSV and the JSON. It lives wherever the engine runs, so Samples never cross threads.
 */
export class Recorder {
	readonly store: RunStore;
	private readonly plan: RunPlan;
	private readonly outputs: OutputPaths;
	private readonly mock: boolean;
	private readonly requestCsv: RequestCsvWriter | undefined;
	private readonly startedAt = new Date();
	private saved: readonly string[] | undefined;
	private measuredFrom: Date | undefined;
	private readonly renderHtml: ((meta: RunMeta, json: JsonSummary) => string) | undefined;
	/** Interleaved runs of two or more endpoints: request i of each against request i of the first. */
	private pairs: PairCollector | undefined;
	/** …and of what the upstream's record tells of them (a witnessed run). */
	private witnessPairs: PairCollector | undefined;
	private finalComparison: Comparison | undefined;
	/** The upstream's record joined to the samples, when the plan has a witness. */
	private readonly witness: WitnessJoin | undefined;
	private serverSeries: readonly ServerSeries[] | undefined;

	constructor({plan, outputs, mock, snapshotIntervalMs, renderHtml}: RecorderOptions) {
		this.plan = plan;
		this.renderHtml = renderHtml;
		this.outputs = outputs;
		this.mock = mock;
		this.requestCsv = outputs.requestCsv ? new RequestCsvWriter(outputs.requestCsv, plan.recordHeaders) : undefined;
		this.witness = plan.witness ? new WitnessJoin(plan.witness) : undefined;
		this.witness?.start();
		const load = loadOf(plan);
		this.store = new RunStore(
			{requests: plannedRequests(load), durationMs: load.durationMs, concurrency: load.concurrency, rate: load.rate},
			snapshotIntervalMs,
		);
	}

	readonly handle = (event: RunEvent): void => {
		this.store.handle(event);
		if (event.type === 'sample') {
			this.pairs?.add(event.sample);
			this.witness?.add(event.sample);
		} else if (event.type === 'run-start' && this.plan.interleave && event.endpoints.length > 1) {
			const names = event.endpoints.map((endpoint) => endpoint.name);
			this.pairs = new PairCollector(names, this.seed);
			if (this.witness) {
				this.witnessPairs = new PairCollector(names, this.seed);
				this.witness.pairInto(this.witnessPairs);
			}
		}

		// The first measured request leaves now: after the warm-up, and any `--start-at` hold.
		if (event.type === 'endpoint-start') this.measuredFrom ??= new Date();
		if (!this.requestCsv) return;
		if (event.type === 'run-start') this.requestCsv.setEndpoints(event.endpoints);
		else if (event.type === 'sample') this.requestCsv.write(event.sample);
	};

	/** Waits for the upstream's record of the last requests (a witnessed run), before the files are written. */
	async witnessRead(): Promise<void> {
		await this.witness?.finish();
	}

	/** `--metrics-url`: what each scraped server said, second by second, for the files. */
	setServerSeries(series: readonly ServerSeries[]): void {
		this.serverSeries = series;
	}

	/** Writes every requested file once; later calls return the same figures and paths. */
	save(result: Pick<RunResult, 'interrupted' | 'finishedAt'>): Saved {
		const {store, outputs, plan} = this;
		store.flush();
		const snapshot = store.getSnapshot();
		const thresholds = checkThresholds(plan.thresholds, snapshot.endpoints);
		const load = loadOf(plan);
		const meta: RunMeta = {
			version,
			startedAt: this.startedAt,
			finishedAt: result.finishedAt,
			interrupted: result.interrupted,
			mock: this.mock,
			httpClient: plan.httpClient,
			// As many as measureAndRecord started (it puts the number in the plan).
			workers: plan.workers ?? 1,
			insecure: plan.tls.insecure,
			...(plan.http2 ? {http2: plan.http2} : {}),
			load,
			thresholds,
			phases: snapshot.phases,
			uniquePrefix: plan.uniquePrefix ?? false,
			ceiling: ceilingVerdictOf(plan.ceiling, snapshot.endpoints, plan.workers ?? 1),
			...(this.serverSeries ? {serverMetrics: this.serverSeries} : {}),
			...(this.witness ? {witness: this.witness.summaries(snapshot.endpoints.length)} : {}),
			...(plan.startAt === undefined ? {} : {startAt: {planned: new Date(plan.startAt), actual: this.measuredFrom ?? null}}),
			...(plan.prompts ? {prompts: {file: plan.prompts.file, format: plan.prompts.format, count: plan.prompts.prompts.length}} : {}),
		};
		this.finalComparison = this.comparison();
		const compared: RunMeta = {...meta, comparison: this.finalComparison};
		const json = jsonSummary(compared, snapshot.endpoints, store.encodedHistograms(), store.secondSeries());
		const report = outputs.html && this.renderHtml ? outputs.html : undefined;
		const {witness, ceiling} = meta;
		if (this.saved) return {snapshot, json, thresholds, written: this.saved, report, witness, ceiling};
		const written: string[] = [];
		if (outputs.csv) {
			writeFileAtomic(outputs.csv, aggregateCsv(snapshot.endpoints));
			written.push(outputs.csv);
		}

		if (this.requestCsv) {
			this.requestCsv.close();
			written.push(this.requestCsv.path);
		}

		if (outputs.json && outputs.json !== '-') {
			writeFileAtomic(outputs.json, JSON.stringify(json, null, 2) + '\n');
			written.push(outputs.json);
		}

		// Last: drawn from the JSON just made, so the page and the file agree figure for figure.
		if (report && this.renderHtml) {
			writeFileAtomic(report, this.renderHtml(compared, json));
			written.push(report);
		}

		this.saved = written;
		return {snapshot, json, thresholds, written, report, witness, ceiling};
	}

	/** Whether each percentile column's best and worst differ clearly, for colouring the table. */
	judged(): Judged {
		const {endpoints} = this.store.getSnapshot();
		const ranked = judgeRanks(endpoints, comparisonColumns(endpoints), this.store.histogramOf, {iterations: judgeIterations, random: mulberry32(this.seed)});
		return judgedWith(ranked, this.comparison()?.rows ?? []);
	}

	private get seed(): number {
		return this.plan.seed ?? defaultComparisonSeed;
	}

	/**
	 * Comparison runs: each endpoint against the first, pair by pair when interleaved, and the
	 * difference of their percentiles with a bootstrap seeded from the run. Computed once the run is
	 * saved (fixed from then on), so that everything shown and written afterwards reads the same figures.
	 */
	comparison(): Comparison | undefined {
		if (this.finalComparison) return this.finalComparison;
		if (!isComparison(this.plan)) return undefined;
		return {paired: this.pairs !== undefined, seed: this.seed, rows: this.rowsOf({random: mulberry32(this.seed)})};
	}

	/** The verdict while an interleaved run goes on (latency and TTFT only, fewer resamples); undefined until each side has enough replies. */
	liveComparison(): ComparisonRow[] | undefined {
		const endpoints = this.store.comparable();
		if (endpoints.some((endpoint) => (endpoint.latency?.totalCount ?? 0) < liveMinimum)) return undefined;
		// An overhead run also shows what each gateway adds before the first byte.
		return this.rowsOf({iterations: liveIterations}, this.plan.overhead ? ['latency', 'ttfb', 'ttft'] : ['latency', 'ttft']);
	}

	private rowsOf(options: {random?: () => number; iterations?: number}, pairMetrics?: readonly PairMetric[]): ComparisonRow[] {
		const rows = compareToBaseline(this.store.comparable(), options);
		// One family of judged figures per endpoint: the client's and the upstream record's together.
		const sampleJudged = this.pairs?.judgedMetrics(pairMetrics ?? sampleMetrics).map((metrics) => metrics.length) ?? [];
		const witnessJudged = pairMetrics ? undefined : this.witnessPairs?.judgedMetrics(witnessMetrics);
		const paired = this.pairs?.rows(
			pairMetrics ?? sampleMetrics,
			witnessJudged?.map((metrics) => metrics.length),
		);
		const upstream = witnessJudged && this.witnessPairs?.rows(witnessMetrics, sampleJudged);
		const {endpoints} = this.store.getSnapshot();
		const flagged = allFlags(endpoints, this.witness?.summaries(endpoints.length).endpoints).slice(1);
		return rows.map((row, index) => {
			const own = paired?.[index];
			const fromUpstream = upstream?.[index];
			const pairs = own && fromUpstream ? {...own, metrics: {...own.metrics, ...fromUpstream.metrics}} : own;
			const flags = flagged[index] ?? [];
			const withheld = withheldBecause(flags);
			return {...row, ...(pairs ? {paired: pairs} : {}), ...(flags.length > 0 ? {flags} : {}), ...(withheld ? {withheld} : {})};
		});
	}
}

/** A run meant to compare endpoints: a comparison file, direct endpoints, or interleaving. */
export const isComparison = (plan: RunPlan): boolean => plan.endpoints !== undefined || plan.direct.length > 0 || plan.interleave;
