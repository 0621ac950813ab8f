import {describe, expect, it} from 'vitest';
import {mulberry32} from '../../source/engine/random.js';
import {comparisonCells, comparisonColumns} from '../../source/output/table.js';
import {judgeRanks} from '../../source/stats/judge-ranks.js';
import {createHistogram, recordUs} from '../../source/stats/histogram.js';
import {makeDistribution, makeInfo, makeStats} from '../helpers/drafts.js';

/** 2,000 latencies around `centreMs` (uniform ± 5 ms), seeded. */
function latencies(centreMs: number, seed: number) {
	const random = mulberry32(seed);
	const histogram = createHistogram();
	for (let index = 0; index < 2000; index++) recordUs(histogram, (centreMs - 5 + 10 * random()) * 1000);
	return histogram;
}

const stats = (index: number, p50: number) =>
	makeStats({index, state: 'done', info: makeInfo({name: `endpoint ${index}`}), latency: {...makeDistribution(1), p50}, requests: 2000, successful: 2000});

describe('best and worst, only where the difference is clear', () => {
	it('leaves a noise-sized difference uncoloured and colours a clear one', () => {
		const same = [latencies(50, 1), latencies(50, 2)];
		const apart = [latencies(50, 3), latencies(80, 4)];
		// The medians of two samples of one distribution differ by a hair; 50 against 80 ms is no hair.
		const endpoints = [stats(0, 50), stats(1, 50.26)];
		const noise = judgeRanks(endpoints, comparisonColumns(endpoints), (index) => same[index], {random: mulberry32(9)});
		expect(noise['Median']).toBe(false);
		const clear = judgeRanks(endpoints, comparisonColumns(endpoints), (index) => apart[index], {random: mulberry32(9)});
		expect(clear['Median']).toBe(true);

		const tones = (judged: Record<string, boolean>) => comparisonCells(endpoints, judged).rows.map((row) => row[2]?.tone);
		expect(tones(noise)).toEqual(['plain', 'plain']);
		expect(tones(clear)).toEqual(['good', 'bad']);
	});
});
