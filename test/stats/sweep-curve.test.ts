import {describe, expect, it} from 'vitest';
import {kneeOf, saturated} from '../../source/stats/sweep-curve.js';

const point = (load: number, requestsPerSecond: number, latencyMs: number) => ({load, requestsPerSecond, latencyMs});

describe('the curve of a capacity search', () => {
	it('calls a step saturated only when throughput stays flat while the median latency grows', () => {
		expect(saturated(point(2, 10, 200), point(4, 10.5, 400))).toBe(true);
		// Throughput still rising: not saturated, however latency moves.
		expect(saturated(point(2, 10, 200), point(4, 19, 400))).toBe(false);
		// Flat throughput at a flat latency is a client or a test that sends no more, not a queue.
		expect(saturated(point(2, 10, 200), point(4, 10, 210))).toBe(false);
		// Less load is never saturation.
		expect(saturated(point(4, 10, 200), point(2, 10, 400))).toBe(false);
	});

	it('puts the knee at the least load within 10 % of the most throughput seen', () => {
		expect(kneeOf([point(1, 5, 200), point(2, 10, 200), point(4, 20, 200), point(8, 38, 210), point(16, 40, 400), point(12, 40, 300)])).toBe(8);
		expect(kneeOf([point(1, 5, 200)])).toBe(1);
		expect(kneeOf([point(1, 0, 0)])).toBeNull();
		expect(kneeOf([])).toBeNull();
	});
});
