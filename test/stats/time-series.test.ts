import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {mergeSeries, seriesBucketEdgesMs, TimeSeries} from '../../source/stats/time-series.js';
import {runCli} from '../helpers/cli.js';
import {delayedServer} from '../helpers/delayed-server.js';
import {tempDirPerTest} from '../helpers/temp.js';

const tempDir = tempDirPerTest();
const closers: Array<() => void> = [];
afterEach(() => {
	for (const close of closers.splice(0)) close();
});

type Series = {sent: number[]; completed: number[]; errors: number[]; latency: number[][]; bucketEdgesMs: number[]};
type RunJson = {startedAt: string; finishedAt: string; endpoints: Array<{requests: number; failed: number; series: Series}>};
const readRun = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as RunJson;
const total = (values: readonly number[]) => values.reduce((sum, value) => sum + value, 0);
/** The bucket a latency falls in: the first edge at or above it. */
const bucketOfMs = (ms: number) => seriesBucketEdgesMs.findIndex((edge) => ms <= edge);

describe('the run second by second', () => {
	it('counts sends when sent, replies, failures and latency buckets when they end', () => {
		const series = new TimeSeries();
		series.record(100_000, 50_000, true);
		series.record(900_000, 300_000, true);
		series.record(1_500_000, 2_000_000, false);
		// 50 ms in second 0 (the ≤50 ms bucket), 300 ms ending in second 1 (≤500 ms), a failure ending in second 3.
		expect(series.toJSON()).toMatchObject({
			sent: [2, 1, 0, 0],
			completed: [1, 1, 0, 1],
			errors: [0, 0, 0, 1],
			latency: [[0, 0, 0, 0, 0, 1], [0, 0, 0, 0, 0, 0, 0, 0, 1], [], []],
		});
	});

	it('adds up runs side by side, second by second, and puts runs one after another end to end', () => {
		const one = new TimeSeries();
		one.record(0, 10_000, true);
		const two = new TimeSeries();
		two.record(1_200_000, 10_000, false);
		const [a, b] = [one.toJSON(), two.toJSON()];
		expect(mergeSeries([a, b], true)).toMatchObject({sent: [1, 1], completed: [1, 1], errors: [0, 1]});
		expect(mergeSeries([a, b], false)).toMatchObject({sent: [1, 0, 1], completed: [1, 0, 1], errors: [0, 0, 1]});
		expect(mergeSeries([], true)).toBeUndefined();
	});

	it('is in the JSON of a run against a server that answers in 60 ms, and a merge of two runs adds their seconds', {timeout: 60_000}, async () => {
		const server = await delayedServer(60, closers);
		const folder = tempDir();
		const run = async (name: string) => {
			const file = join(folder, name);
			const {code, stderr} = await runCli(['--no-tui', '--openai', server.url, '-c', '2', '--duration', '2s', '--json', file]);
			expect(code, stderr).toBe(0);
			return file;
		};
		const first = await run('one.json');
		const [endpoint] = readRun(first).endpoints;
		const series = endpoint?.series;
		// Two in flight, ~62 ms each: ~32 a second, for two seconds (a third holds the last replies).
		expect(series?.sent.length).toBeGreaterThanOrEqual(2);
		expect(series?.sent.length).toBeLessThanOrEqual(3);
		expect(total(series?.sent ?? [])).toBe(endpoint?.requests);
		expect(total(series?.completed ?? [])).toBe(endpoint?.requests);
		expect(total(series?.errors ?? [])).toBe(0);
		expect(series?.completed[0]).toBeGreaterThan(20);
		// Every latency in the bucket holding 60 ms (50–100), unless the machine stalled a request past it
		// (a few of the ~64, with other test files running beside this one).
		// Seconds' bucket lists differ in length (a slow request in one second reaches a higher bucket): add over the longest.
		const buckets = (series?.latency ?? []).reduce<number[]>(
			(sum, second) => Array.from({length: Math.max(sum.length, second.length)}, (_, index) => (second[index] ?? 0) + (sum[index] ?? 0)),
			[],
		);
		expect(buckets[bucketOfMs(60)]).toBeGreaterThanOrEqual(Math.floor((endpoint?.requests ?? 0) * 0.95));
		expect(total(buckets)).toBe(endpoint?.requests);

		const second = await run('two.json');
		const merged = join(folder, 'merged.json');
		const report = await runCli(['report', '--merge', first, second, '--json', merged]);
		expect(report.code, report.stderr).toBe(0);
		const [together] = readRun(merged).endpoints;
		const lengths = [first, second].map((file) => readRun(file).endpoints[0]?.series.sent.length ?? 0);
		// Run one after the other: their seconds end to end.
		expect(together?.series.sent).toHaveLength(total(lengths));
		expect(total(together?.series.completed ?? [])).toBe(together?.requests);
	});
});
