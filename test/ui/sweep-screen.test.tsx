import {render} from 'ink-testing-library';
import {cleanup} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {completePlan} from '../../source/plan/draft.js';
import type {SweepProgress, SweepStep} from '../../source/sweep/sweep-types.js';
import Sweep from '../../source/ui/screens/Sweep.js';
import {sweepCurves} from '../../source/ui/sweep-view.js';
import {draftFrom, makeDistribution, makeInfo, makeStreamStats} from '../helpers/drafts.js';
import {lines, widest} from '../helpers/ink.js';

afterEach(cleanup);

const settings = completePlan(draftFrom(['--openai', 'mock', '--sweep', 'concurrency', '--slo', 'ttft.p95<150ms', '--step', '2s'])).sweep!;

/** A finished step of endpoint `index` at `concurrency`, its TTFT scaled by `ttftScale` (p95 31.5 ms × scale). */
function step(number: number, index: number, concurrency: number, ttftScale: number, verdict: SweepStep['verdict'] = 'pass'): SweepStep {
	const stats = makeStreamStats({
		index,
		info: makeInfo({name: index === 0 ? 'openai direct' : 'anthropic direct'}),
		requestsPerSecond: 5 * concurrency,
		ttft: makeDistribution(ttftScale),
	});
	return {
		number,
		endpoint: {index, name: stats.info.name},
		concurrency,
		verdict,
		judgements: [{expression: 'ttft.p95<150ms', actual: 31.5 * ttftScale, low: 30 * ttftScale, high: 33 * ttftScale, verdict}],
		saturated: false,
		stats,
		json: {} as SweepStep['json'],
		repeat: false,
		goodput: {requestsPerSecond: 5 * concurrency, outputTokensPerSecond: 50 * concurrency},
	};
}

const comparison: SweepProgress = {
	endpoints: ['openai direct', 'anthropic direct'],
	steps: [step(1, 0, 1, 3), step(2, 0, 2, 3), step(3, 0, 4, 6, 'fail'), step(4, 1, 1, 3), step(5, 1, 2, 3)],
	answers: [
		{
			endpoint: 'openai direct',
			mode: 'concurrency',
			load: 2,
			step: 2,
			firstFailing: 4,
			stoppedBy: 'slo',
			knee: 2,
			requestsPerSecond: 10,
			goodput: {requestsPerSecond: 10, outputTokensPerSecond: 100},
		},
	],
	current: {
		endpoint: 1,
		load: 4,
		rateMode: false,
		calibration: false,
		repeat: false,
		stats: makeStreamStats({requests: 12, elapsedMs: 1000, ttft: makeDistribution(4)}),
	},
};

describe('the sweep screen', () => {
	it('draws a comparison: one curve per endpoint on each chart, the SLO line, rows named by endpoint, the answers found so far', () => {
		const {lastFrame} = render(<Sweep progress={comparison} settings={settings} result={undefined} stopping={false} width={100} rows={34} />);
		const frame = lines(lastFrame());
		expect(widest(lastFrame())).toBeLessThanOrEqual(100);
		expect(frame[0]).toContain('capacity search · concurrency · ttft.p95<150ms · 2 s a step · 2 endpoints in turn');
		// The current step, half done: the second endpoint at 4 in flight.
		expect(frame[1]).toMatch(/^step 6 · anthropic direct · 4 in flight {2}▓{6}░{6} {2}1\/2 s · ttft p95 126\.0 ms · 12 done/);
		expect(frame.find((line) => line.includes('── openai direct'))).toMatch(/── openai direct {2}── anthropic direct {2}┄┄ SLO 150\.0 ms/);
		expect(frame.some((line) => /^ +3 +openai direct +4 in flight .* fail/.test(line))).toBe(true);
		expect(frame).toContainEqual(expect.stringMatching(/^capacity openai direct: 2 in flight \(step 2, /));
		expect(frame.at(-1)).toBe('q stop the search, keep finished steps');
	});

	it('follows each endpoint only over the loads it was measured at', () => {
		const curves = sweepCurves(comparison, settings);
		expect(curves.loads).toEqual([1, 2, 4]);
		expect(curves.limit).toBe(150);
		expect(curves.latency.map((curve) => curve.label)).toEqual(['openai direct', 'anthropic direct']);
		expect(curves.latency[0]?.values).toEqual([94.5, 94.5, 189]);
		expect(curves.latency[1]?.values.slice(0, 2)).toEqual([94.5, 94.5]);
		expect(Number.isNaN(curves.latency[1]?.values[2])).toBe(true);
		// One endpoint: its p95 and p50, and throughput beside goodput.
		const single = sweepCurves({...comparison, endpoints: ['openai direct'], steps: comparison.steps.slice(0, 3)}, settings);
		expect(single.latency.map((curve) => curve.label)).toEqual(['ttft p95', 'ttft p50']);
		expect(single.throughput.map((curve) => curve.label)).toEqual(['req/s', 'goodput']);
	});
});
