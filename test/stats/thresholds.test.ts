import {describe, expect, it} from 'vitest';
import {checkThresholds} from '../../source/stats/check-thresholds.js';
import {parseThreshold, type Threshold} from '../../source/plan/threshold-grammar.js';
import {Accumulator} from '../../source/stats/accumulator.js';

const parsed = (text: string) => parseThreshold(text) as Threshold;

describe('thresholds', () => {
	it.each([
		['ttft.p95<800ms', {metric: 'ttft', stat: 'p95', op: '<', value: 800}],
		['latency.p99<2s', {metric: 'latency', stat: 'p99', op: '<', value: 2000}],
		['latency.median <= 500us', {metric: 'latency', stat: 'p50', op: '<=', value: 0.5}],
		['success>=99%', {metric: 'success', op: '>=', value: 99}],
		['rps>100', {metric: 'rps', op: '>', value: 100}],
	])('reads %s', (text, expected) => {
		expect(parseThreshold(text)).toMatchObject(expected);
	});

	it.each(['ttft.p95', 'speed<3', 'ttft.p42<1s', 'ttft.p95<1 parsec', 'success.p50>1%', 'rps>5ms'])('rejects %s with one line', (text) => {
		const result = parseThreshold(text);
		expect(typeof result).toBe('string');
		expect(result).not.toContain('\n');
	});

	it('checks every endpoint that has the metric and fails when none has it', () => {
		const accumulator = new Accumulator(0, {name: 'e', pipeline: 'http', target: 'gateway', provider: null, stream: null, url: 'x'}, 4);
		accumulator.start(0n);
		for (const [seq, durationUs] of [1000, 2000, 3000].entries()) accumulator.record({endpoint: 0, seq, startOffsetUs: 0, durationUs, outcome: 'ok', bytes: 4});
		accumulator.record({endpoint: 0, seq: 3, startOffsetUs: 0, durationUs: 1, outcome: 'timeout', bytes: 0});
		accumulator.finish(1_000_000_000n);
		const results = checkThresholds([parsed('latency.max<2.5ms'), parsed('success>=75%'), parsed('ttft.p95<1s')], [accumulator.stats()]);
		expect(results.map((result) => [result.threshold.text, result.pass])).toEqual([
			['latency.max<2.5ms', false],
			['success>=75%', true],
			['ttft.p95<1s', false],
		]);
		expect(results[2]?.actual).toBeNaN();
	});
});
