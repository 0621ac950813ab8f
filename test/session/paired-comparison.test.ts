import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {completePlan} from '../../source/plan/draft.js';
import {compareRuns} from '../../source/report/compared-runs.js';
import {formatComparison} from '../../source/report/format-comparison.js';
import {readRunFile} from '../../source/report/run-file.js';
import {htmlReportOf} from '../../source/report/html-report.js';
import {startSession} from '../../source/session/session.js';
import {type MockProcess, startMockProcess} from '../helpers/cli.js';
import {draftFrom} from '../helpers/drafts.js';
import {tempDirPerTest} from '../helpers/temp.js';

const tempDir = tempDirPerTest();
const servers: MockProcess[] = [];
afterEach(async () => {
	await Promise.all(servers.splice(0).map((server) => server.stop()));
});

/**
 * Two mocks started alike (one seed; draws from each prompt, so request i gets the same length and
 * jitter from both) but for their TTFT, each in a process of its own as a real server would be.
 */
async function twoMocks(shared: readonly string[], ttfts: readonly [number, number]): Promise<[string, string]> {
	const [a, b] = await Promise.all(ttfts.map((ttft) => startMockProcess([...shared, '--ttft-ms', String(ttft), '--draws', 'prompt'])));
	if (!a || !b) throw new Error('mocks did not start');
	servers.push(a, b);
	return [`${a.url}/v1`, `${b.url}/v1`];
}

async function compare(urls: readonly [string, string], extra: readonly string[]) {
	const json = join(tempDir(), 'run.json');
	const args = ['--openai', urls[0], '--openai', urls[1], '--interleave', '--stream', '--input-tokens', '16', '--no-unique-prefix', '--json', json, ...extra];
	const session = await startSession({plan: completePlan(draftFrom(args)), outputs: {json}});
	const result = await session.finish();
	return {result, path: json, file: JSON.parse(readFileSync(json, 'utf8')) as {comparison: unknown}};
}

describe('a comparison of interleaved endpoints, pair by pair', () => {
	it('finds 40 ms that every pair shows, where the spread of the replies hides it from the difference of percentiles', {timeout: 60_000}, async () => {
		// ±150 ms of jitter on the TTFT and on each token's delay, the same for request i on both. The TTFTs are
		// 200 and 240 ms, so no draw takes one below zero, where the mock would hold it at 0 and shrink the pair.
		const urls = await twoMocks(['--jitter-ms', '150', '--token-delay-ms', '5', '--min-tokens', '2', '--max-output-tokens', '2'], [200, 240]);
		const {result, file, path} = await compare(urls, ['-n', '100', '-c', '8']);
		const [row] = result.comparison;
		const latency = row?.paired?.metrics.latency;
		const [p50] = latency?.figures ?? [];
		expect(latency?.pairs).toBe(100);
		expect(latency?.slower).toBeGreaterThanOrEqual(97);
		expect(p50?.differenceMs).toBeGreaterThan(37);
		expect(p50?.differenceMs).toBeLessThan(43);
		expect(p50?.clear).toBe(true);
		expect(p50?.low).toBeGreaterThan(37);
		expect(p50?.high).toBeLessThan(43);
		// TTFT and the first byte too; the gaps between tokens are the same on both.
		expect(row?.paired?.metrics.ttft?.figures[0]?.differenceMs).toBeCloseTo(40, -0.5);
		expect(row?.paired?.metrics.itl?.figures[0]?.clear).toBe(false);
		// The unpaired difference of the two p50s: the replies' spread (hundreds of ms) spans zero.
		expect(row?.latency?.p50.clear).toBe(false);
		const text = formatComparison(result.comparison, false);
		expect(text).toMatch(/^Difference from the baseline \(paired: /);
		expect(text).toMatch(/\n {2}latency {5}p50 \+(3[89]|4[01])\.\d ms \[\+[\d.]+, \+[\d.]+\] {2}p90 .* {2}p99 .* {2}slower in (9\d|100)\/100 pairs\n/);
		expect(text).toMatch(/\n {2}difference of percentiles \(unpaired, not the verdict\): p50 .*no clear difference/);
		// The JSON keeps the same figures, to the last digit.
		expect(file.comparison).toMatchObject({
			paired: true,
			seed: 0x5eed,
			against: [
				{paired: {metrics: {latency: {pairs: 100, figures: [{percentile: 50, differenceMs: p50?.differenceMs, low: p50?.low, high: p50?.high}, {}, {}]}}}},
			],
		});
		// `gatebench report` on the file shows the run's own comparison and colours, not a new draw.
		const saved = readRunFile(path);
		if (typeof saved === 'string') throw new Error(saved);
		const reported = compareRuns([saved], false);
		expect(formatComparison(reported.comparison, false)).toBe(text);
		expect(reported.judged).toEqual(result.judged);
		// And its page: the paired figures as the run printed them, the slower share beside them.
		const page = htmlReportOf([saved], {compared: reported});
		expect(page).toContain('Against the baseline, pair by pair');
		expect(page).toContain(`${p50?.differenceMs.toFixed(2)} <span class="ci">[${p50?.low.toFixed(2)}, ${p50?.high.toFixed(2)}]</span>`);
		expect(page).toMatch(new RegExp(`<td>${latency?.slower}/100</td>`));
		// The table colours the P50 column only as the printed difference of P50s says: here, not at all.
		expect(result.judged['Median']).toBe(false);
	});

	it('sees 1 ms between two servers without jitter, in an interval that leaves out zero and still has a width', {timeout: 60_000}, async () => {
		const urls = await twoMocks(['--token-delay-ms', '2', '--min-tokens', '3', '--max-output-tokens', '3'], [20, 21]);
		const {result} = await compare(urls, ['-n', '200', '-c', '2']);
		const {ttft, latency} = result.comparison[0]?.paired?.metrics ?? {};
		// TTFT is what the two servers were set apart by. Each token is written up to a millisecond late
		// (the mock's timers tick in whole ms, in two processes out of phase), so the whole reply's
		// difference may stray from 1 ms by a few tenths: still slower, and clearly.
		const [p50] = ttft?.figures ?? [];
		expect(p50?.differenceMs).toBeGreaterThan(0.7);
		expect(p50?.differenceMs).toBeLessThan(1.3);
		expect(p50?.low).toBeGreaterThan(0);
		expect(p50?.high).toBeGreaterThan(p50?.low ?? Number.POSITIVE_INFINITY);
		expect(latency?.figures[0]).toMatchObject({clear: true});
		expect(latency?.figures[0]?.differenceMs).toBeGreaterThan(0.5);
	});
});
