import {completePlan} from '../plan/draft.js';
import {writeFileAtomic} from '../output/files.js';
import {version} from '../output/version.js';
import type {SloJudgement} from '../report/judge-slo.js';
import type {InterruptSource, RunRequest} from '../session/session.js';
import {type SweepResult, type SweepStep, startSweep} from '../session/sweep.js';

const figure = (value: number) => (Number.isFinite(value) ? (Math.abs(value) >= 100 ? value.toFixed(1) : value.toFixed(2)) : '-');
const judged = ({expression, actual, low, high, verdict}: SloJudgement) =>
	`${expression}: ${figure(actual)}${low === undefined || high === undefined ? '' : ` [${figure(low)}, ${figure(high)}]`} ${verdict}`;

/** `step 3  concurrency 4  38.1 req/s  ttft.p95<150ms: 112.3 [108.0, 118.9] pass  → pass` */
export const stepLine = (step: SweepStep): string => {
	const load = step.calibration
		? 'one at a time (the single-stream rate)'
		: step.rate === undefined
			? `concurrency ${step.concurrency}`
			: `rate ${step.rate}/s`;
	const verdict = step.calibration ? 'calibration' : step.verdict;
	const goodput = `goodput ${step.goodput.requestsPerSecond.toFixed(1)} req/s`;
	return `step ${step.number}${step.repeat ? ' (again)' : ''}  ${load}  ${step.stats.requestsPerSecond.toFixed(1)} req/s  ${goodput}  ${step.stats.requests} requests  ${step.judgements.map(judged).join('  ')}  → ${verdict}`;
};

const loadText = (mode: 'concurrency' | 'rate', load: number) => (mode === 'rate' ? `${load} requests/s` : `${load} in flight`);

/** The answer in one line. */
export function answerLine({answer, interrupted}: SweepResult): string {
	const sofar = interrupted ? ' (stopped early: the answer so far)' : '';
	if (answer.load === null) return `capacity: not even the lowest load held the SLO${sofar}`;
	const edge = answer.firstFailing === null ? 'no load tried broke it' : `${loadText(answer.mode, answer.firstFailing)} broke it`;
	const goodput = answer.goodput
		? `, goodput ${figure(answer.goodput.requestsPerSecond)} req/s, ${figure(answer.goodput.outputTokensPerSecond)} output tokens/s`
		: '';
	return `capacity: ${loadText(answer.mode, answer.load)} (step ${answer.step}, ${figure(answer.requestsPerSecond ?? Number.NaN)} req/s completed${goodput}); ${edge}${sofar}`;
}

/**
 * `--sweep concurrency|rate`: a line per finished step on stderr, the answer on stdout, and with `--json`
 * every step (its figures, histograms and SLO judgements) and the answer. Ctrl-C or SIGTERM stops:
 * finished steps are kept and the answer so far reported; exit 130 then.
 */
export async function runSweepHeadless({draft, outputs, mockOptions, warnings}: RunRequest, onInterrupt: InterruptSource): Promise<0 | 130> {
	for (const warning of warnings) process.stderr.write(`gatebench: ${warning}\n`);
	const plan = completePlan(draft);
	const startedAt = new Date();
	const log = (line: string) => process.stderr.write(`${line}\n`);
	log(`gatebench: capacity search, ${(plan.sweep?.stepMs ?? 0) / 1000} s a step: ${plan.sweep?.slos.map((slo) => slo.text).join(', ')}`);
	const sweep = startSweep(plan, mockOptions, (step) => log(stepLine(step)));
	const stopListening = onInterrupt((_count, signal) => {
		log(`gatebench: ${signal}: stopping the search; finished steps are kept`);
		sweep.stop();
	});
	try {
		const result = await sweep.done;
		const jsonToStdout = outputs.json === '-';
		(jsonToStdout ? process.stderr : process.stdout).write(`${answerLine(result)}\n`);
		const json = {
			version,
			startedAt: startedAt.toISOString(),
			finishedAt: new Date().toISOString(),
			interrupted: result.interrupted,
			sweep: {mode: plan.sweep?.mode, stepMs: plan.sweep?.stepMs, slos: plan.sweep?.slos.map((slo) => slo.text)},
			answer: result.answer,
			steps: result.steps.map((step) => ({
				step: step.number,
				concurrency: step.concurrency,
				rate: step.rate ?? null,
				calibration: step.calibration ?? false,
				repeat: step.repeat,
				verdict: step.verdict,
				goodput: step.goodput,
				slos: step.judgements,
				endpoint: step.json,
			})),
		};
		if (jsonToStdout) process.stdout.write(JSON.stringify(json, null, 2) + '\n');
		else if (outputs.json) {
			writeFileAtomic(outputs.json, JSON.stringify(json, null, 2) + '\n');
			log(`saved ${outputs.json}`);
		}

		return result.interrupted ? 130 : 0;
	} finally {
		stopListening();
	}
}
