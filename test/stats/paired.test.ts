import {describe, expect, it} from 'vitest';
import type {Sample} from '../../source/engine/endpoint.js';
import {mulberry32} from '../../source/engine/random.js';
import {percentileWithInterval, rankOf} from '../../source/stats/paired-interval.js';
import {maxPairsKept, PairCollector} from '../../source/stats/paired.js';

const sorted = (values: number[]) => Float64Array.from(values).sort();

/** A bootstrap by drawing: `iterations` resamples of the values, the percentile of each, and the ends of their middle `level`. */
function drawnInterval(values: Float64Array, percentile: number, level: number, iterations: number, random: () => number) {
	const rank = rankOf(percentile, values.length);
	const drawn = new Float64Array(iterations);
	const resample = new Float64Array(values.length);
	for (let iteration = 0; iteration < iterations; iteration++) {
		for (let index = 0; index < values.length; index++) resample[index] = values[Math.floor(random() * values.length)] ?? 0;
		resample.sort();
		drawn[iteration] = resample[rank - 1] ?? 0;
	}

	drawn.sort();
	const tail = (1 - level) / 2;
	return {low: drawn[Math.max(0, Math.ceil(tail * iterations) - 1)] ?? 0, high: drawn[Math.ceil((1 - tail) * iterations) - 1] ?? 0};
}

const sample = (endpoint: number, seq: number, durationUs: number, extra: Partial<Sample> = {}): Sample => ({
	endpoint,
	seq,
	startOffsetUs: 0,
	durationUs,
	outcome: 'ok',
	bytes: 10,
	...extra,
});

describe('the percentile of exact values and its bootstrap interval, computed', () => {
	it('is the interval a bootstrap of many resamples draws, at the order statistics it lands on', () => {
		const random = mulberry32(11);
		const values = sorted(Array.from({length: 60}, () => Math.round(1000 * -Math.log(1 - random()))));
		for (const percentile of [50, 90, 99]) {
			const computed = percentileWithInterval(values, percentile, 0.95);
			const drawn = drawnInterval(values, percentile, 0.95, 20_000, mulberry32(percentile));
			expect(computed.value).toBe(values[rankOf(percentile, values.length) - 1]);
			// 20,000 draws place each end within one order statistic of the computed one.
			const indexOf = (value: number) => values.indexOf(value);
			expect(Math.abs(indexOf(computed.low) - indexOf(drawn.low))).toBeLessThanOrEqual(1);
			expect(Math.abs(indexOf(computed.high) - indexOf(drawn.high))).toBeLessThanOrEqual(1);
			expect(computed.low).toBeLessThanOrEqual(computed.value);
			expect(computed.high).toBeGreaterThanOrEqual(computed.value);
		}
	});

	it('widens with the level, holds one value to itself, and is NaN for none', () => {
		const values = sorted(Array.from({length: 200}, (_, index) => index));
		const narrow = percentileWithInterval(values, 50, 0.9);
		const wide = percentileWithInterval(values, 50, 0.999);
		expect(wide.low).toBeLessThan(narrow.low);
		expect(wide.high).toBeGreaterThan(narrow.high);
		expect(percentileWithInterval(sorted([7]), 99, 0.95)).toEqual({value: 7, low: 7, high: 7});
		expect(percentileWithInterval(sorted([]), 50, 0.95).value).toBeNaN();
	});
});

describe('pairs of an interleaved run', () => {
	it('pairs request i of each endpoint with request i of the first, whatever order they complete in, and only when both answered', () => {
		const pairs = new PairCollector(['a', 'b', 'c'], 1);
		for (let seq = 0; seq < 30; seq++) {
			// Completion order varies; b is 40 ms slower on every request, c fails request 3.
			pairs.add(sample(2, seq, 100_000 + seq * 1000 - 500, seq === 3 ? {outcome: 'http_500'} : {}));
			pairs.add(sample(1, seq, 140_000 + seq * 1000 + (seq % 3)));
			pairs.add(sample(0, seq, 100_000 + seq * 1000));
		}

		const [b, c] = pairs.rows();
		expect(b?.metrics.latency).toMatchObject({pairs: 30, slower: 30, faster: 0, kept: 30});
		expect(b?.metrics.latency?.figures[0]).toMatchObject({percentile: 50, differenceMs: 40.001, clear: true});
		expect(b?.metrics.latency?.figures[0]?.low).toBeGreaterThanOrEqual(40);
		expect(c?.metrics.latency).toMatchObject({pairs: 29, slower: 0, faster: 29});
		expect(c?.metrics.latency?.figures.map((figure) => figure.differenceMs)).toEqual([-0.5, -0.5, -0.5]);
		// No TTFT in any sample: nothing judged on it; three percentiles of one metric share the 5 %.
		expect(b?.metrics.ttft).toBeUndefined();
		expect(b?.level).toBeCloseTo(1 - 0.05 / 3, 10);
	});

	it('keeps the counts exact and the differences bounded on a long run', () => {
		const pairs = new PairCollector(['a', 'b'], 3);
		const rounds = maxPairsKept + 5000;
		for (let seq = 0; seq < rounds; seq++) {
			pairs.add(sample(0, seq, 1000, {ttftUs: 500}));
			pairs.add(sample(1, seq, seq % 4 === 0 ? 900 : 1100, {ttftUs: 500}));
		}

		const [row] = pairs.rows();
		expect(row?.metrics.latency).toMatchObject({pairs: rounds, slower: (rounds * 3) / 4, faster: rounds / 4, kept: maxPairsKept});
		expect(row?.metrics.latency?.figures[0]?.differenceMs).toBe(0.1);
		expect(row?.metrics.ttft).toMatchObject({pairs: rounds, slower: 0, faster: 0});
		expect(row?.metrics.ttft?.figures[0]).toMatchObject({differenceMs: 0, low: 0, high: 0, clear: false});
	});
});

describe('pairs of an A/A run, drawn', () => {
	it('claim a difference in at most the family error of runs where both sides come from one distribution', () => {
		// 400 seeded runs of 100 rounds: each round's pace is shared (the server's), each side adds its own
		// jitter, latency and TTFT alike. Every run is judged on all its figures; the 5 % family error
		// bounds how many may claim anything, and an interval too narrow (the unpaired percentiles'
		// quantised steps) claims far more.
		const runs = 400;
		let claimed = 0;
		for (let seed = 1; seed <= runs; seed++) {
			const random = mulberry32(seed);
			const pairs = new PairCollector(['a', 'b'], seed);
			for (let seq = 0; seq < 100; seq++) {
				const pace = 8000 + random() * 4000;
				for (const endpoint of [0, 1]) {
					const ttftUs = pace / 2 + random() * 600;
					pairs.add(sample(endpoint, seq, pace + ttftUs + random() * 600, {ttftUs}));
				}
			}

			const [row] = pairs.rows();
			if (Object.values(row?.metrics ?? {}).some((metric) => metric.figures.some((figure) => figure.clear))) claimed++;
		}

		expect(claimed / runs).toBeLessThanOrEqual(0.05);
	});
});
