import {completePlan} from '../plan/draft.js';
import type {SloJudgement} from '../report/judge-slo.js';
import type {InterruptSource, RunRequest} from '../session/session.js';
import {type SweepAnswer, type SweepResult, type SweepStep, startSweep} from '../session/sweep.js';

const figure = (value: number) => (Number.isFinite(value) ? (Math.abs(value) >= 100 ? value.toFixed(1) : value.toFixed(2)) : '-');
const judged = ({expression, actual, low, high, verdict}: SloJudgement) =>
	`${expression}: ${figure(actual)}${low === undefined || high === undefined ? '' : ` [${figure(low)}, ${figure(high)}]`} ${verdict}`;

/** `step 3  concurrency 4  38.1 req/s  goodput 37.9 req/s  152 requests  ttft.p95<150ms: 112.3 [108.0, 118.9] pass  → pass` */
export const stepLine = (step: SweepStep, named = false): string => {
	const load = step.calibration
		? 'one at a time (the single-stream rate)'
		: step.rate === undefined
			? `concurrency ${step.concurrency}`
			: `rate ${step.rate}/s`;
	const verdict = step.calibration ? 'calibration' : `${step.verdict}${step.saturated ? ', saturated' : ''}`;
	const goodput = `goodput ${step.goodput.requestsPerSecond.toFixed(1)} req/s`;
	const endpoint = named ? `  ${step.endpoint.name}` : '';
	return `step ${step.number}${step.repeat ? ' (again)' : ''}${endpoint}  ${load}  ${step.stats.requestsPerSecond.toFixed(1)} req/s  ${goodput}  ${step.stats.requests} requests  ${step.judgements.map(judged).join('  ')}  → ${verdict}`;
};

const loadText = (mode: 'concurrency' | 'rate', load: number) => (mode === 'rate' ? `${load} requests/s` : `${load} in flight`);

const edges: Readonly<Record<SweepAnswer['stoppedBy'], (answer: SweepAnswer) => string>> = {
	slo: (answer) => `${loadText(answer.mode, answer.firstFailing ?? 0)} broke it`,
	saturation: () => 'more load only queued (saturated)',
	maximum: () => 'no load tried broke it',
	stopped: () => 'stopped early: the answer so far',
};

/** An endpoint's answer in one line. */
export function answerLine(answer: SweepAnswer, named = false): string {
	const who = named ? ` ${answer.endpoint}` : '';
	if (answer.load === null) return `capacity${who}: not even the lowest load held the SLO${answer.stoppedBy === 'stopped' ? ' (stopped early)' : ''}`;
	// Pings have no tokens to count.
	const tokens = answer.goodput?.outputTokensPerSecond ? `, ${figure(answer.goodput.outputTokensPerSecond)} output tokens/s` : '';
	const goodput = answer.goodput ? `, goodput ${figure(answer.goodput.requestsPerSecond)} req/s${tokens}` : '';
	const knee = answer.knee === null ? '' : `; knee at ${loadText(answer.mode, answer.knee)}`;
	return `capacity${who}: ${loadText(answer.mode, answer.load)} (step ${answer.step}, ${figure(answer.requestsPerSecond ?? Number.NaN)} req/s completed${goodput}); ${edges[answer.stoppedBy](answer)}${knee}`;
}

/** What the search printed at its end: each answer, and each gate that failed. */
export function resultLines(result: SweepResult): string[] {
	const named = result.answers.length > 1;
	return [
		...result.answers.map((answer) => answerLine(answer, named)),
		...result.gates
			.filter((gate) => !gate.pass)
			.map((gate) => `threshold failed: ${gate.gate}${named ? ` on ${gate.endpoint}` : ''} (was ${gate.actual === null ? 'no answer' : figure(gate.actual)})`),
	];
}

/**
 * `--sweep concurrency|rate`: a line per finished step on stderr, each endpoint's answer on stdout,
 * and the files (a row per step in the CSV, a Step column in the request CSV, every step and the
 * answers in the JSON) kept current after each step. Ctrl-C or SIGTERM stops: finished steps are
 * kept and the answer so far reported; exit 130 then, 3 when a `capacity.*` gate fails.
 */
export async function runSweepHeadless({draft, outputs, mockOptions, warnings}: RunRequest, onInterrupt: InterruptSource): Promise<0 | 3 | 130> {
	for (const warning of warnings) process.stderr.write(`gatebench: ${warning}\n`);
	const plan = completePlan(draft);
	const log = (line: string) => process.stderr.write(`${line}\n`);
	log(`gatebench: capacity search, ${(plan.sweep?.stepMs ?? 0) / 1000} s a step: ${plan.sweep?.slos.map((slo) => slo.text).join(', ')}`);
	let named = false;
	const sweep = startSweep({plan, mockOptions, outputs, onStep: (step) => log(stepLine(step, named))});
	const stopNaming = sweep.subscribe(() => {
		named = sweep.progress().endpoints.length > 1;
	});
	const stopListening = onInterrupt((_count, signal) => {
		log(`gatebench: ${signal}: stopping the search; finished steps are kept`);
		sweep.stop();
	});
	try {
		const result = await sweep.done;
		const jsonToStdout = outputs.json === '-';
		(jsonToStdout ? process.stderr : process.stdout).write(resultLines(result).join('\n') + '\n');
		if (jsonToStdout) process.stdout.write(result.json);
		for (const path of result.written) log(`saved ${path}`);
		if (result.interrupted) return 130;
		return result.gates.some((gate) => !gate.pass) ? 3 : 0;
	} finally {
		stopListening();
		stopNaming();
	}
}
