import {describe, expect, it} from 'vitest';
import {mergeRuns} from '../../source/report/merge.js';
import {mergedRunJson} from '../../source/report/merged-json.js';
import {mulberry32} from '../../source/engine/random.js';
import {readRunFile, type RunFile} from '../../source/report/run-file.js';
import {tempDirPerTest} from '../helpers/temp.js';
import {histogramOf, syntheticRun, valuesAround, writeRun} from '../helpers/synthetic-run.js';

const tempDir = tempDirPerTest();
const random = mulberry32(5);
const first = valuesAround(3000, 40_000, 30_000, random);
const second = valuesAround(2000, 80_000, 60_000, random);
const ttftFirst = valuesAround(3000, 9000, 4000, random);
const ttftSecond = valuesAround(2000, 12_000, 4000, random);
const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);

function read(path: string): RunFile {
	const run = readRunFile(path);
	if (typeof run === 'string') throw new Error(run);
	return run;
}

/** Two machines' files for the same two endpoints; `overlap` puts them at the same time. */
function twoFiles(overlap: boolean): RunFile[] {
	const dir = tempDir();
	const start = (minute: number) => new Date(Date.UTC(2026, 0, 1, 0, minute));
	const a = syntheticRun(
		[
			{name: 'anthropic: gateway', latencyUs: first, ttftUs: ttftFirst, failures: ['timeout', 'http_529'], elapsedMs: 2000},
			{name: 'fireworks: gateway', latencyUs: [1000, 2000], elapsedMs: 500},
		],
		start(0),
		start(1),
	);
	const b = syntheticRun(
		[
			{name: 'anthropic: gateway', latencyUs: second, ttftUs: ttftSecond, failures: ['timeout'], elapsedMs: 3000},
			{name: 'direct only', latencyUs: [7000], elapsedMs: 100},
		],
		overlap ? start(0) : start(5),
		overlap ? start(1) : start(6),
	);
	return [read(writeRun(dir, 'a.json', a)), read(writeRun(dir, 'b.json', b))];
}

describe('merging runs', () => {
	it('adds histograms exactly: the merged percentiles are those of one histogram of every value', () => {
		const merged = mergeRuns(twoFiles(true));
		expect(merged.endpoints.map((endpoint) => endpoint.info.name)).toEqual(['anthropic: gateway', 'fireworks: gateway', 'direct only']);
		const all = histogramOf([...first, ...second]);
		const stats = merged.stats[0];
		const latency = merged.endpoints[0]?.metrics.latency?.histogram;
		expect(latency?.totalCount).toBe(5000);
		for (const percentile of [5, 50, 95, 99, 99.9, 100]) expect(latency?.getValueAtPercentile(percentile)).toBe(all.getValueAtPercentile(percentile));
		expect(stats?.latency.count).toBe(5000);
		// A file keeps buckets, not values: its histogram's largest value is its bucket's top, but the summary
		// beside it keeps the exact max, so the merged max is the largest value of all, and no percentile passes it.
		const maxUs = Math.max(...first, ...second);
		expect(all.highestEquivalentValue(all.maxValue)).toBeGreaterThan(maxUs);
		expect(stats?.latency.max).toBe(maxUs / 1000);
		expect(stats?.latency.p50).toBe(all.getValueAtPercentile(50) / 1000);
		expect(stats?.latency.p99).toBe(Math.min(all.getValueAtPercentile(99), maxUs) / 1000);
		const one = read(writeRun(tempDir(), 'one.json', syntheticRun([{name: 'all', latencyUs: [...first, ...second]}]))).endpoints[0]?.metrics.latency;
		expect(one?.histogram.maxValue).toBe(all.highestEquivalentValue(all.maxValue));
		expect(one?.maxUs).toBe(maxUs);
		// Totals are exact sums (integer µs), and the average follows from them.
		expect(stats?.latency.total).toBe(sum([...first, ...second]) / 1000);
		expect(stats?.latency.avg).toBeCloseTo(sum([...first, ...second]) / 5000 / 1000, 9);
		expect(stats?.ttft?.p95).toBe(histogramOf([...ttftFirst, ...ttftSecond]).getValueAtPercentile(95) / 1000);
		expect(stats?.ttft?.total).toBe(sum([...ttftFirst, ...ttftSecond]) / 1000);
	});

	it('sums counts and error maps, and counts machines', () => {
		const merged = mergeRuns(twoFiles(true));
		const [anthropic, fireworks, direct] = merged.stats;
		expect([anthropic?.requests, anthropic?.successful, anthropic?.failed]).toEqual([5003, 5000, 3]);
		expect(anthropic?.errors).toEqual({timeout: 2, http_529: 1});
		expect(merged.endpoints.map((endpoint) => endpoint.machines)).toEqual([2, 1, 1]);
		expect(merged.machines).toBe(2);
		expect(fireworks?.requests).toBe(2);
		// One value of 7 ms: every percentile is that value (HDR alone reports its bucket's top, 7.003 ms).
		expect(histogramOf([7000]).getValueAtPercentile(50)).toBe(7003);
		expect(direct?.latency).toMatchObject({p50: 7, p99: 7, max: 7});
	});

	it('adds request rates of runs side by side, and recomputes them over the summed time for runs one after another', () => {
		const [a, b] = twoFiles(true);
		const rates = [a, b].map((run) => run?.endpoints[0]?.requestsPerSecond ?? 0);
		expect(mergeRuns(twoFiles(true)).stats[0]?.requestsPerSecond).toBeCloseTo(sum(rates), 6);
		const sequential = mergeRuns(twoFiles(false));
		expect(sequential.stats[0]?.requestsPerSecond).toBeCloseTo(5003 / 5, 6);
		expect(sequential.stats[0]?.elapsedMs).toBe(5000);
		expect(sequential.meta.finishedAt.getTime() - sequential.meta.startedAt.getTime()).toBe(6 * 60_000);
	});

	it('writes the merged run in the run schema, which reads and merges again exactly', () => {
		const dir = tempDir();
		const merged = mergeRuns(twoFiles(true));
		const path = writeRun(dir, 'merged.json', mergedRunJson(merged));
		const again = read(path);
		expect(again.machines).toBe(2);
		expect(again.endpoints[0]?.machines).toBe(2);
		expect(again.endpoints[0]?.metrics.latency?.histogram.totalCount).toBe(5000);
		expect(again.endpoints[0]?.metrics.latency?.totalUs).toBe(sum([...first, ...second]));
		const doubled = mergeRuns([again, again]);
		expect(doubled.stats[0]?.requests).toBe(10_006);
		expect(doubled.stats[0]?.latency.p99).toBe(merged.stats[0]?.latency.p99);
		expect(doubled.stats[0]?.latency.total).toBe((2 * sum([...first, ...second])) / 1000);
		expect(doubled.machines).toBe(4);
	});
});
