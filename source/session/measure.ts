import {type RunHandle, startRun} from '../engine/run.js';
import {loadOf} from '../plan/run-plan.js';
import {judgeWhileRunning} from '../stats/live-comparison.js';
import {Recorder, type RecorderOptions, type Saved} from './recorder.js';
import type {SessionResult} from './session-types.js';
import type {EndpointSpec} from '../plan/pipelines.js';
import {measuringThreads} from '../plan/workers.js';
import {buildRunEndpoints} from './run-endpoints.js';
import type {MetricsScraper} from './metrics-scraper.js';
import type {RunPlan} from '../plan/run-plan.js';

export type MeasureOptions = RecorderOptions & {readonly specs: readonly EndpointSpec[]};

/** A run being measured and recorded, wherever it lives (in-process, or the console's measuring thread). */
export type Measuring = {
	readonly recorder: Recorder;
	readonly run: RunHandle;
	/** Waits for the run, then writes every requested file once. */
	readonly finish: () => Promise<SessionResult>;
	/** A second Ctrl-C: saves what is complete now, without waiting for the run. */
	readonly saveNow: () => Saved;
};

/**
 * Builds a plan's endpoints, starts the engine on them and records every event (stats store,
 * request CSV) from the first one; at the end, the files and the comparison against the baseline.
 */
export async function measureAndRecord({specs, ...options}: MeasureOptions): Promise<Measuring> {
	const threads = measuringThreads(options.plan);
	const plan = {...options.plan, workers: threads};
	// The HTML report's charts library takes ~0.5 s to load: before the first request, not during the run.
	const renderHtml = options.outputs.html ? (await import('../report/html-report.js')).htmlReportOfSummary : undefined;
	const recorder = new Recorder({...options, plan, renderHtml});
	const scraping = await scrapingOf(plan, specs);
	const run =
		threads > 1
			? (await import('./engine-threads.js')).startThreadedRun(specs, plan, threads)
			: startRun(await buildRunEndpoints(specs, plan), loadOf(plan), {probe: plan.probe, interleave: plan.interleave});
	run.subscribe(recorder.handle);
	const scraper = scraping?.(recorder);
	if (plan.interleave && specs.length > 1) judgeWhileRunning(recorder.store, run.done, () => recorder.liveComparison());
	return {
		recorder,
		run,
		async finish() {
			const result = await run.done;
			if (scraper) {
				await scraper.stop();
				recorder.setServerSeries(scraper.servers.map((server) => server.toJSON()));
			}

			await recorder.witnessRead();
			return {run: result, ...recorder.save(result), comparison: recorder.comparison()?.rows ?? [], judged: recorder.judged()};
		},
		saveNow: () => {
			if (scraper) recorder.setServerSeries(scraper.servers.map((server) => server.toJSON()));
			return recorder.save({interrupted: true, finishedAt: new Date()});
		},
	};
}

/**
 * The run's Prometheus pages (`--metrics-url`, and each comparison-file endpoint's `metricsUrl`), to be
 * scraped from the run's start to its end; the scraper and its parser are loaded only for a run that has one.
 */
async function scrapingOf(plan: RunPlan, specs: readonly EndpointSpec[]): Promise<((recorder: Recorder) => MetricsScraper) | undefined> {
	const targets = [
		...(plan.serverMetrics?.urls ?? []).map((url) => ({url, endpoint: null})),
		...specs.flatMap((spec, index) => (spec.metricsUrl === undefined ? [] : [{url: spec.metricsUrl, endpoint: index}])),
	];
	if (targets.length === 0) return undefined;
	const {MetricsScraper: Scraper} = await import('./metrics-scraper.js');
	const match = plan.serverMetrics?.match === undefined ? undefined : new RegExp(plan.serverMetrics.match);
	return (recorder) => {
		const scraper: MetricsScraper = new Scraper(targets, match, () => recorder.store.setServer(scraper.servers.map((server) => server.latest())));
		return scraper;
	};
}
