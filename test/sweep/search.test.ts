import {describe, expect, it} from 'vitest';
import {completePlan} from '../../source/plan/draft.js';
import {startSweep} from '../../source/sweep/search.js';
import type {SweepStep} from '../../source/sweep/sweep-types.js';
import {runCli} from '../helpers/cli.js';
import {draftFrom} from '../helpers/drafts.js';

/**
 * A server that serves 8 completions at once: TTFT 50 ms, then 10 tokens 5 ms apart (about 84 a second at most). Its
 * times, the SLOs and the steps are half what they were (100 ms, 1–2 s steps): the same samples a step, in half the suite's time.
 */
const eightSlots = {slots: 8, ttftMs: 50, tokenDelayMs: 5, minTokens: 10, maxTokens: 10};

describe('capacity search (--sweep concurrency)', () => {
	it('stops climbing where the endpoint saturates: more load, no more throughput, a longer wait', {timeout: 60_000}, async () => {
		// Two slots and an SLO too loose to break: at 4 in flight throughput stays at what 2 slots serve while latency doubles.
		// Steps of 1 s, 20 replies each: at half that a busy machine's stalls read as a throughput that still rose.
		const plan = completePlan(draftFrom(['--openai', 'mock', '--stream', '--sweep', 'concurrency', '--slo', 'ttft.p95<10s', '--step', '1s']));
		const result = await startSweep({plan, mockOptions: {...eightSlots, slots: 2}}).done;
		expect(result.steps.map((step) => [step.concurrency, step.verdict, step.saturated])).toEqual([
			[1, 'pass', false],
			[2, 'pass', false],
			[4, 'pass', true],
		]);
		expect(result.answers).toMatchObject([{load: 4, firstFailing: null, stoppedBy: 'saturation', knee: 2}]);
	});

	// The SLO is twice the server's 50 ms TTFT away from it (a waiting request's ~150): a busy machine's few ms cannot move a verdict.
	it('finds the 8 in flight a server with 8 slots sustains under ttft.p95<100ms: climbing, then bisecting', {timeout: 120_000}, async () => {
		const plan = completePlan(draftFrom(['--openai', 'mock', '--stream', '--sweep', 'concurrency', '--slo', 'ttft.p95<100ms', '--step', '500ms']));
		const seen: SweepStep[] = [];
		const result = await startSweep({plan, mockOptions: eightSlots, onStep: (step) => seen.push(step)}).done;
		const [answer] = result.answers;
		// Loads tried in order, a borderline one measured again.
		const firsts = result.steps.filter((step) => !step.repeat);
		expect(firsts.map((step) => step.concurrency)).toEqual([1, 2, 4, 8, 16, 12, 10, 9]);
		expect(firsts.slice(0, 4).every((step) => step.verdict === 'pass')).toBe(true);
		// At 9 in flight only one request in nine waits for a slot: p95 sits near that edge, and may be judged too close to tell.
		for (const step of result.steps.slice(4)) expect(step.verdict).not.toBe('pass');
		for (const step of result.steps.filter((candidate) => candidate.repeat)) expect(result.steps[step.number - 2]?.verdict).toBe('borderline');
		expect(seen).toEqual(result.steps);
		expect(answer).toMatchObject({mode: 'concurrency', load: 8, step: 4, firstFailing: 9, stoppedBy: 'slo'});
		// Eight slots of ~100 ms serve about 80 a second.
		expect(answer?.requestsPerSecond).toBeGreaterThan(60);
		expect(answer?.requestsPerSecond).toBeLessThan(84);
		// Throughput stops rising at the eight slots: the knee is never below them. Above, it is the least
		// load within 10 % of the most requests/s seen, and a noisy 2-core machine can make the step at 8 or
		// 12 read over 10 % low (seen: 10, and 16 with other test files running beside this one): here it is
		// held to the loads tried; test/stats/sweep-curve.test.ts holds the knee's reading exactly.
		expect(answer?.knee).toBeGreaterThanOrEqual(8);
		expect(answer?.knee).toBeLessThanOrEqual(16);
		// Goodput: at 8 in flight nearly every request met TTFT < 100 ms; at 16 about half waited for a slot.
		const [eight, sixteen] = [result.steps[3], result.steps[4]];
		expect(answer?.goodput).toEqual(eight?.goodput);
		expect(eight?.goodput.requestsPerSecond).toBeGreaterThan(0.9 * (eight?.stats.requestsPerSecond ?? 0));
		expect(sixteen?.goodput.requestsPerSecond).toBeLessThan(0.7 * (sixteen?.stats.requestsPerSecond ?? 0));
		expect(eight?.goodput.outputTokensPerSecond).toBeCloseTo((eight?.goodput.requestsPerSecond ?? 0) * 10, -1);
		// Each step's judgement: the bootstrap interval of TTFT p95 against the limit, the figure inside it.
		const [atEight, atSixteen] = [result.steps[3], result.steps[4]].map((step) => step?.judgements[0]);
		expect(atEight?.high).toBeLessThan(100);
		expect(atSixteen?.low).toBeGreaterThan(100);
		for (const judgement of [atEight, atSixteen]) {
			expect(judgement?.actual).toBeGreaterThanOrEqual(judgement?.low ?? Number.NaN);
			expect(judgement?.actual).toBeLessThanOrEqual(judgement?.high ?? Number.NaN);
		}
	});

	it(
		'--sweep rate starts from the single-stream rate and finds a rate the 8 slots sustain (they serve at most about 84/s), judged from the scheduled send',
		{timeout: 180_000},
		async () => {
			// Rates double to 80 or so, then one step at 96 (the maximum) breaks: no step far above the slots' ceiling,
			// whose queue would take seconds to drain.
			const plan = completePlan(draftFrom(['--openai', 'mock', '--stream', '--sweep', 'rate', '--slo', 'ttft.p95<75ms', '--step', '1s', '--max-rate', '96']));
			const result = await startSweep({plan, mockOptions: eightSlots}).done;
			const [answer] = result.answers;
			const [calibration, first] = result.steps;
			expect(calibration).toMatchObject({calibration: true, concurrency: 1});
			// One request at a time takes ~95 ms: about 10 a second, where the rates start.
			expect(first?.rate).toBeCloseTo(calibration?.stats.requestsPerSecond ?? 0, 0);
			expect(answer?.mode).toBe('rate');
			expect(answer?.load).toBeGreaterThanOrEqual(60);
			// The slots' ceiling is 8 / ~0.095 s ≈ 84/s; a 1 s step cannot tell a rate 1–2 % over it from it (the queue
			// barely grows), and one over 86 would claim more than the slots serve.
			expect(answer?.load).toBeLessThanOrEqual(86);
			expect(answer?.firstFailing).toBeGreaterThan(answer?.load ?? Number.POSITIVE_INFINITY);
			// Judged on TTFT from the scheduled send: the corrected histogram, present on every rate step.
			for (const step of result.steps.slice(1)) expect(step.stats.correctedTtft?.count).toBeGreaterThan(0);
		},
	);

	it('stopped mid-step, keeps the finished steps and reports the answer so far', {timeout: 60_000}, async () => {
		const plan = completePlan(draftFrom(['--openai', 'mock', '--stream', '--sweep', 'concurrency', '--slo', 'ttft.p95<100ms', '--step', '500ms']));
		const sweep = startSweep({
			plan,
			mockOptions: eightSlots,
			onStep: (step) => {
				if (step.number === 2) setTimeout(() => sweep.stop(), 100);
			},
		});
		const result = await sweep.done;
		expect(result.interrupted).toBe(true);
		expect(result.steps.map((step) => step.concurrency)).toEqual([1, 2]);
		expect(result.answers).toMatchObject([{load: 2, firstFailing: null, stoppedBy: 'stopped'}]);
	});

	it('refuses what it cannot do in one line', async () => {
		for (const [args, message] of [
			[['--sweep', 'load', '--slo', 'ttft.p95<1s'], '--sweep load: use concurrency or rate'],
			[['--sweep', 'concurrency'], '--sweep needs at least one --slo, e.g. --slo ttft.p95<800ms'],
			[['--sweep', 'concurrency', '--slo', 'ttft.p95<1s', '-n', '10'], '--sweep sets the load and the length of each step itself: drop --requests'],
			[
				['--sweep', 'concurrency', '--slo', 'ttft.p95<1s', '--threshold', 'success>=99%'],
				'--threshold success>=99%: with --sweep, gate the answer, e.g. capacity.concurrency>=16 (or capacity.load, capacity.rps, capacity.goodput, capacity.goodput_tokens)',
			],
			[
				['--sweep', 'rate', '--slo', 'ttft.p95<1s', '--threshold', 'capacity.concurrency>=4'],
				'--threshold capacity.concurrency>=4: this sweep raises the rate, not the concurrency',
			],
			[['--sweep', 'concurrency', '--slo', 'ttft.p95<1s', '--resolution', '1.5'], '--resolution 1.5: requests in flight are whole numbers'],
			[['--sweep', 'rate', '--slo', 'ttft.p95<1s', '--resolution', 'fine'], '--resolution fine: expected a load such as 2 or a share such as 5%'],
			[['--slo', 'ttft.p95<1s'], '--slo, --step, --max-concurrency, --max-rate and --resolution go with --sweep'],
			[['--sweep', 'concurrency', '--slo', 'fast'], '--slo: cannot read threshold "fast" (expected e.g. ttft.p95<800ms or success>=99%)'],
		] as const) {
			const {code, stderr} = await runCli(['--no-tui', ...args]);
			expect(code).toBe(2);
			expect(stderr).toBe(`gatebench: ${message}\n`);
		}
	});
});
