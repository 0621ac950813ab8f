import {encodeIntoCompressedBase64} from 'hdr-histogram-js';
import {describe, expect, it} from 'vitest';
import {mulberry32} from '../../source/engine/random.js';
import {runsSideBySide} from '../../source/report/runs-side-by-side.js';
import {createHistogram, recordUs} from '../../source/stats/histogram.js';
import {makeInfo, makeStats} from '../helpers/drafts.js';

/** One saved run of two endpoints whose latencies sit around `centresMs`. */
function run(centresMs: readonly number[], seed: number) {
	const random = mulberry32(seed);
	const endpoints = centresMs.map((_, index) => makeStats({index, state: 'done', info: makeInfo({name: `endpoint ${index + 1}`})}));
	const histograms = centresMs.map((centre) => {
		const histogram = createHistogram();
		for (let index = 0; index < 1000; index++) recordUs(histogram, (centre - 5 + 10 * random()) * 1000);
		return {histograms: {latency: encodeIntoCompressedBase64(histogram)}};
	});
	return {snapshot: {endpoints}, json: {endpoints: histograms}};
}

describe('runs of the same plan side by side (r in the console)', () => {
	it('lists every run’s endpoints, and judges each endpoint of the last run against itself in the run before', () => {
		const side = runsSideBySide([run([50, 80], 1), run([50, 95], 2)]);
		expect(side.endpoints.map((stats) => stats.info.name)).toEqual(['endpoint 1 · run 1', 'endpoint 2 · run 1', 'endpoint 1 · run 2', 'endpoint 2 · run 2']);
		expect(side.runOf).toEqual([0, 0, 1, 1]);
		const [first, second] = side.comparison;
		expect(first).toMatchObject({name: 'endpoint 1 · run 2', baseline: 'endpoint 1 · run 1'});
		expect(first?.latency?.p50.clear).toBe(false);
		expect(second).toMatchObject({name: 'endpoint 2 · run 2', baseline: 'endpoint 2 · run 1'});
		expect(second?.latency?.p50.clear).toBe(true);
		expect(second?.latency?.p50.differenceMs).toBeCloseTo(15, 0);
	});
});
