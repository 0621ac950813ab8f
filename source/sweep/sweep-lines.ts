import type {ComparisonRow} from '../stats/comparison.js';
import type {SloJudgement} from '../stats/judge-slo.js';
import type {SweepAnswer, SweepResult, SweepStep} from './sweep-types.js';

/** A figure as the search's lines print it: 2 decimals, 1 from 100. */
export const figure = (value: number) => (Number.isFinite(value) ? (Math.abs(value) >= 100 ? value.toFixed(1) : value.toFixed(2)) : '-');
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
	const requests = step.overhead ? pairsText(step.overhead.comparison) : `${step.stats.requests} requests`;
	return `step ${step.number}${step.repeat ? ' (again)' : ''}${endpoint}  ${load}  ${step.stats.requestsPerSecond.toFixed(1)} req/s  ${goodput}  ${requests}  ${step.judgements.map(judged).join('  ')}  → ${verdict}`;
};

/** An overhead step's pairs with the upstream directly, and what the client saw the gateway do: `152 pairs (flagged buffered)`. */
const pairsText = (comparison: ComparisonRow): string => {
	const flags = comparison.flags?.length ? ` (flagged ${comparison.flags.map((flag) => flag.flag.replaceAll('-', ' ')).join(', ')})` : '';
	return `${comparison.paired?.metrics.latency?.pairs ?? 0} pairs${flags}`;
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
	// An overhead sweep's answers are each a gateway's: named, however many.
	const named = result.answers.length > 1 || result.steps.some((step) => step.overhead);
	return [
		...result.answers.map((answer) => answerLine(answer, named)),
		...result.gates
			.filter((gate) => !gate.pass)
			.map((gate) => `threshold failed: ${gate.gate}${named ? ` on ${gate.endpoint}` : ''} (was ${gate.actual === null ? 'no answer' : figure(gate.actual)})`),
	];
}
