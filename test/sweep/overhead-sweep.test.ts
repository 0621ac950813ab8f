import {mkdtempSync, readFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import type {ComparisonJson} from '../../source/output/comparison-json.js';
import {describe, expect, it} from 'vitest';
import {completePlan} from '../../source/plan/draft.js';
import {startSweep} from '../../source/sweep/search.js';
import {resultLines, stepLine} from '../../source/sweep/sweep-lines.js';
import {createProgram, type CliFlags} from '../../source/cli/program.js';
import {validateFlags} from '../../source/cli/validate.js';
import {judgeAdded} from '../../source/stats/judge-added.js';
import type {PairedRow} from '../../source/stats/paired.js';
import {startCrowdedGateway} from '../helpers/gateways.js';
import {startMock} from '../../source/mock/server.js';

/** The run a command line asks for, mock options included. */
function invocationOf(args: string[]) {
	const program = createProgram();
	program.exitOverride();
	program.parse(args, {from: 'user'});
	const invocation = validateFlags(program.opts<CliFlags>(), {});
	if (typeof invocation === 'string') throw new Error(invocation);
	return invocation;
}

describe('an overhead sweep (--through … --sweep concurrency --slo added.p50<15ms)', () => {
	it('raises the requests in flight through the gateway and beside it directly, judging each step on its pairs', {timeout: 60_000}, async () => {
		// The upstream started first, apart, with its record kept: the gateway is pointed at the port it has, not one that may be taken meanwhile.
		const upstream = await startMock({ttftMs: 10, tokenDelayMs: 2, minTokens: 5, maxTokens: 5, jitterMs: 0, draws: 'prompt', witnessToken: 'sweep'});
		// Adds next to nothing alone (~1 ms); 40 ms for each other request in flight through it.
		const gateway = await startCrowdedGateway(upstream.url, 40);
		try {
			const {draft, mockOptions} = invocationOf([
				'--through',
				`${gateway.url}/v1`,
				'--upstream',
				`${upstream.url}/v1`,
				'--witness-token',
				'sweep',
				'--sweep',
				'concurrency',
				'--slo',
				'added.p50<15ms',
				'--slo',
				'ttft.p95<2s',
				'--step',
				'1s',
				'--max-concurrency',
				'4',
				// Each round's two requests leave together: at 2 in flight, the other worker's request is nearly always in the gateway.
				'--round-sends',
				'together',
			]);
			const json = join(mkdtempSync(join(tmpdir(), 'gatebench-overhead-sweep-')), 'sweep.json');
			const result = await startSweep({plan: completePlan(draft), mockOptions, outputs: {json}}).done;
			expect(result.steps.map((step) => [step.endpoint.index, step.concurrency, step.verdict])).toEqual([
				[0, 1, 'pass'],
				[0, 2, 'fail'],
			]);
			const [one, two] = result.steps;
			// The judgement is the p50 of the pairs' differences as the comparison states it, its interval within (or beyond) the budget.
			const added = (step: typeof one) => step?.overhead?.comparison.paired?.metrics.latency?.figures.find((figure) => figure.percentile === 50);
			expect(one?.judgements[1]).toMatchObject({expression: 'added.p50<15ms', actual: added(one)?.differenceMs, verdict: 'pass'});
			expect(one?.judgements[1]?.high).toBeLessThan(15);
			expect(two?.judgements[1]?.low).toBeGreaterThan(15);
			expect(added(two)?.differenceMs).toBeGreaterThan(30);
			// Every request of a step is paired with one sent straight to the upstream at the same load.
			expect(one?.overhead?.comparison.paired?.metrics.latency?.pairs).toBe(one?.stats.requests);
			expect(one?.overhead?.direct.name).toBe(`direct: ${new URL(upstream.url).host}`);
			expect(result.answers).toEqual([
				expect.objectContaining({endpoint: `via ${new URL(gateway.url).host}`, load: 1, step: 1, firstFailing: 2, stoppedBy: 'slo'}),
			]);
			expect(stepLine(one!, true)).toMatch(
				/^step 1 {2}via [\d.:]+ {2}concurrency 1 .* \d+ pairs {2}ttft\.p95<2s: .* pass {2}added\.p50<15ms: [\d.-]+ \[[\d.-]+, [\d.-]+\] pass {2}→ pass$/,
			);
			// The file keeps every step's pairs and the upstream's figures beside the gateway's.
			const saved = JSON.parse(readFileSync(json, 'utf8')) as {
				sweep: {slos: string[]};
				steps: Array<{endpoint: string; overhead: {direct: {name: string}; comparison: ComparisonJson['against'][number]} | null}>;
			};
			expect(saved.sweep.slos).toEqual(['ttft.p95<2s', 'added.p50<15ms']);
			expect(saved.steps.map((step) => [step.endpoint, step.overhead?.direct.name, step.overhead?.comparison.paired?.metrics['latency']?.pairs])).toEqual(
				result.steps.map((step) => [step.endpoint.name, `direct: ${new URL(upstream.url).host}`, step.overhead?.comparison.paired?.metrics.latency?.pairs]),
			);
			expect(resultLines(result)).toEqual([
				expect.stringMatching(/^capacity via [\d.:]+: 1 in flight \(step 1, .*\); 2 in flight broke it; knee at \d in flight$/),
			]);
		} finally {
			await gateway.stop();
			await upstream.close();
		}
	});
});

describe('an overhead sweep’s budgets', () => {
	const through = ['--through', 'http://127.0.0.1:9/v1'];
	it.each([
		[
			['--openai', 'mock', '--sweep', 'concurrency', '--slo', 'added.p99<5ms'],
			'--slo added.p99<5ms judges what a gateway adds over its upstream: it goes with --through',
		],
		[
			[...through, '--sweep', 'rate', '--slo', 'added.p99<5ms'],
			'an overhead sweep raises the requests in flight (its pairs are closed-loop rounds): use --sweep concurrency',
		],
		[[...through, '--sweep', 'concurrency', '--slo', 'added.p95<5ms'], '--slo added.p95<5ms: the added p50, p90 or p99 is judged'],
		[[...through, '--sweep', 'concurrency', '--slo', 'added.p99>5ms'], '--slo added.p99>5ms: a budget is an upper limit (< or <=)'],
		[
			[...through, '--sweep', 'concurrency', '--slo', 'added.tpot.p99<5ms'],
			'--slo added.tpot.p99<5ms: unknown metric "tpot" (use latency, ttfb, ttft, ttfa, itl, forward, first_token, last_token; latency when left out)',
		],
		[[...through, '--sweep', 'concurrency', '--slo', 'added.p99<5h'], '--slo added.p99<5h: unknown time unit "h" (use us, ms or s)'],
		[
			[...through, '--upstream', 'http://127.0.0.1:8/v1', '--sweep', 'concurrency', '--slo', 'added.first_token.p99<5ms'],
			"--slo added.first_token.p99<5ms is read from the upstream's record: the built-in mock keeps one, an upstream started apart with --witness-token",
		],
	])('refuses %j in one line', (args, message) => {
		expect(() => invocationOf(args)).toThrow(message);
	});

	it('reads a metric, a percentile and a budget in any time unit', () => {
		const {draft} = invocationOf([
			...through,
			'--sweep',
			'concurrency',
			'--slo',
			'added.p99<5ms',
			'--slo',
			'added.first_token.p50<=500us',
			'--slo',
			'ttft.p95<1s',
		]);
		expect(draft.sweep?.added).toEqual([
			{text: 'added.p99<5ms', metric: 'latency', percentile: 99, op: '<', value: 5},
			{text: 'added.first_token.p50<=500us', metric: 'firstToken', percentile: 50, op: '<=', value: 0.5},
		]);
		expect(draft.sweep?.slos.map((slo) => slo.text)).toEqual(['ttft.p95<1s']);
	});
});

describe('judging a budget on what a gateway adds', () => {
	const slo = {text: 'added.p99<5ms', metric: 'latency', percentile: 99, op: '<', value: 5} as const;
	const row = (low: number, differenceMs: number, high: number): PairedRow => ({
		name: 'via gateway',
		baseline: 'direct',
		level: 0.99,
		metrics: {latency: {pairs: 2000, slower: 1500, faster: 500, kept: 2000, figures: [{percentile: 99, differenceMs, low, high, clear: true}]}},
	});
	it('holds when all of the interval is within the budget, breaks when none is, and is too close to tell between', () => {
		expect(judgeAdded([slo], row(3, 4, 4.9))[0]?.verdict).toBe('pass');
		expect(judgeAdded([slo], row(4, 4.5, 5.2))[0]).toEqual({expression: 'added.p99<5ms', actual: 4.5, low: 4, high: 5.2, verdict: 'borderline'});
		expect(judgeAdded([slo], row(5, 6, 7))[0]?.verdict).toBe('fail');
	});
	it('breaks with no pairs to judge (every request through the gateway failed)', () => {
		expect(judgeAdded([slo], undefined)).toEqual([{expression: 'added.p99<5ms', actual: Number.NaN, verdict: 'fail'}]);
	});
});
