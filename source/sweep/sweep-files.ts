import type {EndpointInfo, Sample} from '../engine/endpoint.js';
import {aggregateCsvHeader, aggregateRow} from '../output/aggregate-csv.js';
import {comparisonRowJson} from '../output/comparison-json.js';
import {type Cell, csvRows, fixed2} from '../output/csv.js';
import {writeFileAtomic} from '../output/files.js';
import {RequestCsvWriter} from '../output/request-csv.js';
import {version} from '../output/version.js';
import type {OutputPaths} from '../plan/draft.js';
import type {RunPlan} from '../plan/run-plan.js';
import {sloTexts} from '../plan/sweep-settings.js';
import type {GateResult} from '../stats/capacity-gates.js';
import {type RenderReport, sweepHtml} from './sweep-page.js';
import type {SweepAnswer, SweepStep} from './sweep-types.js';

type Ending = {readonly interrupted: boolean; readonly gates: readonly GateResult[]};
/** The end of the search, for the `--html` page: its drawing function (loaded before the search) and whether it measured the mock. */
type PageEnding = Ending & {readonly render?: RenderReport; readonly mock?: boolean};

/** The search as JSON: its settings, each endpoint's answer, the gates, and every step with its full figures and histograms. */
export function sweepJson(plan: RunPlan, startedAt: Date, steps: readonly SweepStep[], answers: readonly SweepAnswer[], ending?: Ending): string {
	const sweep = plan.sweep;
	const json = {
		version,
		startedAt: startedAt.toISOString(),
		// Null while the search runs: each finished step is written at once.
		finishedAt: ending ? new Date().toISOString() : null,
		interrupted: ending?.interrupted ?? false,
		sweep: sweep && {
			mode: sweep.mode,
			stepMs: sweep.stepMs,
			slos: sloTexts(sweep),
			resolution: sweep.resolution,
			maxConcurrency: sweep.maxConcurrency,
			maxRate: sweep.maxRate,
		},
		answers,
		gates: ending?.gates ?? [],
		steps: steps.map((step) => ({
			step: step.number,
			endpoint: step.endpoint.name,
			concurrency: step.concurrency,
			rate: step.rate ?? null,
			calibration: step.calibration ?? false,
			repeat: step.repeat,
			verdict: step.verdict,
			saturated: step.saturated,
			goodput: step.goodput,
			slos: step.judgements,
			stats: step.json,
			// An overhead sweep's step: the upstream directly at the same load, and the gateway against it pair by pair.
			overhead: step.overhead ? {direct: step.overhead.direct, comparison: comparisonRowJson(step.overhead.comparison)} : null,
		})),
	};
	return JSON.stringify(json, null, 2) + '\n';
}

/** A row per step: the step, its load and verdict, goodput, each SLO's figure, then the usual aggregate columns. */
export function sweepCsv(plan: RunPlan, steps: readonly SweepStep[]): string {
	const slos = plan.sweep ? sloTexts(plan.sweep) : [];
	const header = ['Step', 'Concurrency', 'Rate (req/s)', 'Verdict', 'Repeat', 'Saturated', 'Goodput (req/s)', 'Goodput Tokens/s', ...slos];
	const rows = steps.map((step): Cell[] => [
		step.number,
		step.concurrency,
		step.rate ?? '',
		step.calibration ? 'calibration' : step.verdict,
		step.repeat ? 'true' : '',
		step.saturated ? 'true' : '',
		fixed2(step.goodput.requestsPerSecond),
		fixed2(step.goodput.outputTokensPerSecond),
		...step.judgements.map((judgement) => (Number.isFinite(judgement.actual) ? fixed2(judgement.actual) : '')),
		...aggregateRow(step.stats),
	]);
	return csvRows([[...header, ...aggregateCsvHeader], ...rows]);
}

/**
 * What a search leaves behind, kept current as it goes: the request CSV row by row with a Step
 * column, and after every finished step the aggregate CSV (a row per step) and the JSON, so a
 * search stopped or killed at any step loses no finished one.
 */
export class SweepFiles {
	private readonly plan: RunPlan;
	private readonly outputs: OutputPaths;
	private readonly requestCsv: RequestCsvWriter | undefined;
	private readonly startedAt = new Date();

	constructor(plan: RunPlan, outputs: OutputPaths) {
		this.plan = plan;
		this.outputs = outputs;
		this.requestCsv = outputs.requestCsv ? new RequestCsvWriter(outputs.requestCsv, plan.recordHeaders, ['Step']) : undefined;
	}

	setEndpoints(endpoints: readonly EndpointInfo[]): void {
		this.requestCsv?.setEndpoints(endpoints);
	}

	sample(step: number, sample: Sample): void {
		this.requestCsv?.write(sample, [step]);
	}

	stepDone(steps: readonly SweepStep[], answers: readonly SweepAnswer[]): void {
		this.requestCsv?.flush();
		this.write(steps, answers);
	}

	/** Writes the final files; returns the paths written (aggregate CSV, request CSV, JSON), and the JSON itself for `--json -`. */
	finish(steps: readonly SweepStep[], answers: readonly SweepAnswer[], ending: PageEnding): {written: string[]; json: string} {
		this.requestCsv?.close();
		this.write(steps, answers, ending);
		const {html} = this.outputs;
		// Drawn once, at the end (the JSON is the record kept current step by step).
		const page = html && ending.render && steps.length > 0 ? html : undefined;
		if (page && ending.render) {
			writeFileAtomic(
				page,
				sweepHtml(ending.render, this.plan, steps, answers, {startedAt: this.startedAt, interrupted: ending.interrupted, mock: ending.mock ?? false}),
			);
		}

		const written = [this.outputs.csv, this.outputs.requestCsv, this.outputs.json, page].filter((path): path is string => path !== undefined && path !== '-');
		return {written, json: sweepJson(this.plan, this.startedAt, steps, answers, ending)};
	}

	close(): void {
		this.requestCsv?.close();
	}

	private write(steps: readonly SweepStep[], answers: readonly SweepAnswer[], ending?: Ending): void {
		const {csv, json} = this.outputs;
		if (csv && csv !== '-') writeFileAtomic(csv, sweepCsv(this.plan, steps));
		if (json && json !== '-') writeFileAtomic(json, sweepJson(this.plan, this.startedAt, steps, answers, ending));
	}
}
