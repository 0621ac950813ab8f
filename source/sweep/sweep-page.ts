import type {Capacity, OverTime} from '../output/html/model.js';
import {version} from '../output/version.js';
import type {RunPlan} from '../plan/run-plan.js';
import {sloTexts} from '../plan/sweep-settings.js';
import type {htmlReportOf} from '../report/html-report.js';
import {runOfSummary} from '../report/summary-run.js';
import {mergeSeries, secondPoints} from '../stats/time-series.js';
import type {SecondSeries} from '../stats/time-series.js';
import {answerLine} from './sweep-lines.js';
import {lastPerLoad, loadOf, type SweepAnswer, type SweepStep} from './sweep-types.js';

export type RenderReport = typeof htmlReportOf;

type Ending = {readonly startedAt: Date; readonly interrupted: boolean; readonly mock: boolean};

/** The steps the curves go through: each endpoint's last measurement of each load, in order of load (bisection measures out of order). */
function curveSteps(steps: readonly SweepStep[]): SweepStep[] {
	const endpoints = [...new Set(steps.map((step) => step.endpoint.index))].sort((a, b) => a - b);
	return endpoints.flatMap((endpoint) => [...lastPerLoad(steps, endpoint).values()].sort((a, b) => loadOf(a) - loadOf(b)));
}

function capacityOf(plan: RunPlan, steps: readonly SweepStep[], answers: readonly SweepAnswer[]): Capacity {
	const mode = plan.sweep?.mode ?? 'concurrency';
	// The curve follows the first budget on what a gateway adds (an overhead sweep), else the first SLO.
	const sweep = plan.sweep;
	const judged = sweep?.added.length ? sweep.slos.length : 0;
	const slo = sweep?.added[0] ?? sweep?.slos[0];
	return {
		mode,
		slo: slo?.text ?? '',
		limit: slo?.value ?? null,
		points: curveSteps(steps).map((step) => ({
			endpoint: step.endpoint.name,
			load: loadOf(step),
			requestsPerSecond: step.stats.requestsPerSecond,
			goodput: step.goodput.requestsPerSecond,
			slo: step.judgements[judged] && Number.isFinite(step.judgements[judged].actual) ? step.judgements[judged].actual : null,
			verdict: step.verdict,
		})),
		answers: answers.map((answer) => ({endpoint: answer.endpoint, text: answerLine(answer).replace(/^capacity: /, '')})),
	};
}

/** Each endpoint's steps one after another, second by second; with one endpoint searched, each step's start marked. */
function overTimeOf(steps: readonly SweepStep[], names: readonly string[]): OverTime {
	const series = names.map((name) => {
		const own = steps.filter((step) => step.endpoint.name === name && step.json.series);
		const joined = mergeSeries(
			own.map((step) => step.json.series as SecondSeries),
			false,
		);
		const maxMs = Math.max(0, ...own.map((step) => step.stats.latency.max));
		return {endpoint: name, points: joined ? secondPoints(joined, maxMs) : []};
	});
	const marks: Array<{second: number; label: string}> = [];
	if (names.length === 1) {
		let second = 0;
		for (const step of steps) {
			marks.push({second, label: step.calibration ? 'single stream' : step.rate === undefined ? `c=${step.concurrency}` : `${step.rate}/s`});
			second += step.json.series?.completed.length ?? 0;
		}
	}

	return {series, marks};
}

/**
 * The search as a page: the answers and capacity curves, each endpoint's figures and distributions
 * at the step that proves its answer (else its last step), and every step second by second.
 */
export function sweepHtml(render: RenderReport, plan: RunPlan, steps: readonly SweepStep[], answers: readonly SweepAnswer[], ending: Ending): string {
	const names = [...new Set(steps.map((step) => step.endpoint.name))];
	const shown = names.flatMap((name) => {
		const answer = answers.find((candidate) => candidate.endpoint === name);
		const own = steps.filter((step) => step.endpoint.name === name);
		const step = own.find((candidate) => candidate.number === answer?.step) ?? own.at(-1);
		return step ? [step] : [];
	});
	const first = shown[0];
	// Typed steps, taken as they are: the saved-file readers are for files from elsewhere.
	const run = runOfSummary(
		'sweep',
		{
			version,
			startedAt: ending.startedAt,
			finishedAt: new Date(),
			interrupted: ending.interrupted,
			mock: ending.mock,
			httpClient: plan.httpClient,
			insecure: plan.tls.insecure,
			load: {concurrency: first?.concurrency ?? 1, ...(first?.rate === undefined ? {} : {rate: first.rate}), warmup: 0},
		},
		shown.map((step) => step.json),
	);
	const sweep = plan.sweep;
	const search = sweep
		? `${sweep.mode}, ${sweep.stepMs / 1000} s a step, held to ${sloTexts(sweep).join(' and ')}; ${steps.length} steps. Tables and distributions: each endpoint at the step that proves its answer (${shown.map((step) => `${step.endpoint.name}: step ${step.number}`).join(', ')})`
		: undefined;
	return render([run], {
		title: `gatebench capacity search of ${ending.startedAt.toISOString()}`,
		capacity: capacityOf(plan, steps, answers),
		overTime: overTimeOf(steps, names),
		search,
	});
}
