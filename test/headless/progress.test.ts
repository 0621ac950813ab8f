import {describe, expect, it} from 'vitest';
import {progressLine} from '../../source/headless/progress-line.js';
import {makeSnapshot} from '../helpers/drafts.js';

describe('the headless progress line', () => {
	it('tells where the run is, and flags a client that limits the numbers', () => {
		const plain = progressLine(makeSnapshot(1)) ?? '';
		expect(plain).toMatch(/^\[2\/7\] http\(s\): gateway {2}500\/1000 \(50%\) {2}100\.0 req\/s {2}p50 10\.50 ms {2}2 failed {2}5\.0 s$/);
		const snapshot = makeSnapshot(1, {clientWarning: "client busy: gatebench's event loop was busy 95% of the time"});
		expect(progressLine(snapshot)).toBe(`${plain}  ⚠ client busy`);
		expect(progressLine({...snapshot, current: null})).toBeUndefined();
	});
});

describe('the headless progress line of an interleaved comparison', () => {
	it('shows every endpoint running and the live verdict of each against the first', () => {
		const base = makeSnapshot(0);
		const [first, second] = [0, 1].map((index) => ({...base.endpoints[index]!, state: 'running' as const}));
		const figure = (percentile: number, differenceMs: number) => ({percentile, differenceMs, low: differenceMs - 1, high: differenceMs + 1, clear: true});
		const paired = {pairs: 120, slower: 118, faster: 2, kept: 120, figures: [figure(50, 40.1), figure(90, 41), figure(99, 45)]};
		const judging = {...base, current: null, endpoints: [first!, second!], comparison: []};
		expect(progressLine(judging)?.split('\n')).toEqual([
			expect.stringMatching(/^\[1\/2\] ws\(s\): gateway {2}500\/1000/),
			expect.stringMatching(/^\[2\/2\] http\(s\): gateway {2}0\/1000/),
			'2 vs 1  judging latency once both have replies…',
		]);
		const judged = {
			...judging,
			comparison: [
				{
					name: 'http(s): gateway',
					baseline: 'ws(s): gateway',
					latency: null,
					ttft: null,
					paired: {name: '', baseline: '', level: 0.99, metrics: {latency: paired}},
				},
			],
		};
		expect(progressLine(judged)?.split('\n')[2]).toBe('2 vs 1  latency p50 +40.1 ms [+39.1, +41.1] slower in 118/120 pairs');
	});
});
