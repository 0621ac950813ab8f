import {describe, expect, it} from 'vitest';
import {levelShare, loadShare, numberingOf, partOf, staggerOf} from '../../source/engine/share.js';

describe('a load spread over measuring threads', () => {
	it('parts add up to the whole, the first threads taking the remainder', () => {
		for (const total of [1, 5, 6, 7, 1000, 1001]) {
			for (const of of [1, 2, 3, 4, 16]) {
				const parts = Array.from({length: of}, (_, index) => partOf(total, {index, of}));
				expect(parts.reduce((sum, part) => sum + part, 0)).toBe(total);
				expect(Math.max(...parts) - Math.min(...parts)).toBeLessThanOrEqual(1);
			}
		}

		expect(Array.from({length: 3}, (_, index) => partOf(7, {index, of: 3}))).toEqual([3, 2, 2]);
	});

	it('numbers each request of the run once: thread i sends i, i+n, i+2n…', () => {
		const of = 3;
		const numbers = Array.from({length: of}, (_, index) => Array.from({length: partOf(10, {index, of})}, (_, local) => numberingOf({index, of})(local))).flat();
		expect(numbers.sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
	});

	it('shares connections, requests, warm-up and rate; seeds differ so Poisson arrivals stay independent', () => {
		const load = {concurrency: 10, requests: 101, warmup: 5, rate: 90, seed: 7};
		expect(loadShare(load, {index: 0, of: 3})).toEqual({concurrency: 4, requests: 34, warmup: 2, rate: 30, seed: 7});
		expect(loadShare(load, {index: 2, of: 3})).toEqual({concurrency: 3, requests: 33, warmup: 1, rate: 30, seed: 9});
		expect(levelShare({concurrency: 8, paused: true, phase: 3}, {index: 1, of: 3})).toEqual({concurrency: 3, paused: true, phase: 3});
		expect([0, 1, 2, 3].map((index) => staggerOf({index, of: 4}))).toEqual([0, 0.25, 0.5, 0.75]);
		expect(staggerOf(undefined)).toBe(0);
	});
});
