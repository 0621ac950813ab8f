import {cleanup, render} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import type {ComparisonRow, PercentileDifference} from '../../source/stats/comparison.js';
import type {Snapshot} from '../../source/stats/run-store.js';
import Comparing from '../../source/ui/screens/Comparing.js';
import {makeDistribution, makeInfo, makeStreamStats} from '../helpers/drafts.js';
import {lines, strip, widest} from '../helpers/ink.js';

afterEach(cleanup);

const difference = (differenceMs: number, low: number, high: number): PercentileDifference => ({
	baselineMs: 20,
	candidateMs: 20 + differenceMs,
	differenceMs,
	low,
	high,
	clear: low > 0 || high < 0,
});

function snapshot(comparison: ComparisonRow[], count = 2): Snapshot {
	const names = ['openai direct: 127.0.0.1:8000', 'anthropic direct: api.anthropic.com', 'openai direct: 127.0.0.1:8001'];
	const endpoints = names.slice(0, count).map((name, index) =>
		makeStreamStats({
			index,
			state: 'running',
			requests: 40 + index,
			planned: 100,
			info: makeInfo({name, pipeline: 'completions', target: 'openai-compatible', provider: 'openai', stream: true}),
			ttft: makeDistribution(20 + 31 * index),
			outputTokens: {
				total: 4000,
				input: 900,
				reasoning: undefined,
				cache: undefined,
				perSecond: 812 + index,
				inputPerSecond: 180,
				estimated: false,
				fromUsage: 40,
				counted: 0,
				mismatches: 0,
			},
		}),
	);
	return {
		endpoints,
		current: 1,
		finished: false,
		interrupted: false,
		comparison,
		load: {concurrency: 4, paused: false, phase: 1},
		phases: [{phase: 1, concurrency: 4, atMs: 0}],
	};
}

const frame = (data: Snapshot, width: number, height: number) =>
	render(
		<Comparing snapshot={data} width={width} height={height} heading="100 req × 4 in flight, interleaved" sinceSnapshotMs={0} stopping={false} />,
	).lastFrame();

const slower: ComparisonRow = {
	name: 'anthropic direct: api.anthropic.com',
	baseline: 'openai direct: 127.0.0.1:8000',
	latency: {p50: difference(30, 20, 40), p95: difference(5, -3, 12)},
	ttft: {p50: difference(31, 24, 38), p95: difference(4, -2, 9)},
};

describe('Comparing screen (two or more endpoints measured together)', () => {
	it('shows a live row per endpoint and a verdict against the first', () => {
		const text = strip(frame(snapshot([slower]), 119, 40));
		expect(text).toMatch(/#\s+endpoint\s+done\s+req\/s\s+p50\s+p95\s+ttft p50\s+ttft p95\s+tok\/s\s+errors/);
		expect(text).toMatch(/^1\s+openai direct: 127\.0\.0\.1:8000\s+40\s.*\s812\s+2$/m);
		expect(text).toMatch(/^2\s+anthropic direct: api\.anthropic\.com\s+41\s/m);
		expect(text).toContain('2 vs 1  TTFT p50 +31.0 ms [+24.0, +38.0] slower · p95 +4.00 ms [-2.00, +9.00] no clear difference yet');
		// One chart per endpoint, labelled, on one scale.
		expect(text).toContain('1 openai direct: 127.0.0.1:8000 · ttft ms · last 240 ok');
		expect(text).toContain('2 anthropic direct: api.anthropic.com · ttft ms · last 240 ok');
		expect(text).toContain('interleaved');
	});

	it('says it is judging before the first verdict', () => {
		expect(strip(frame(snapshot([]), 79, 24))).toContain('2 vs 1  judging TTFT once both have replies…');
	});

	it('fits 80×24 and 120×40 with three endpoints, charts shrinking before rows go', () => {
		const third = {...slower, name: 'openai direct: 127.0.0.1:8001'};
		for (const [width, height] of [
			[79, 24],
			[119, 40],
		] as const) {
			const text = frame(snapshot([slower, third], 3), width, height);
			expect(lines(text).length).toBeLessThanOrEqual(height - 1);
			expect(widest(text)).toBeLessThanOrEqual(width);
			expect(strip(text)).toContain('3 vs 1');
			expect(strip(text)).toContain('3 openai direct: 127.0.0.1:8001 · ttft ms');
		}
	});
});

describe('distributions side by side', () => {
	it('share one range, so that a shift between the endpoints shows', () => {
		const data = snapshot([slower]);
		const shifted = (fromMs: number, toMs: number) => ({
			fromMs,
			toMs,
			counts: Array.from({length: 60}, (_, index) => (index > 20 && index < 40 ? 5 : 1)),
			beyond: 0,
		});
		const endpoints = [
			{...data.endpoints[0]!, latencyBuckets: shifted(361.7, 1116.4)},
			{...data.endpoints[1]!, latencyBuckets: shifted(401.7, 1157)},
		];
		const text = strip(
			render(
				<Comparing
					snapshot={{...data, endpoints}}
					width={119}
					height={40}
					heading="100 req × 4 in flight, interleaved"
					sinceSnapshotMs={0}
					stopping={false}
					mode="distribution"
					zoom={240}
				/>,
			).lastFrame(),
		);
		const ranges = [...text.matchAll(/latency distribution ms · ([\d.]+ … [\d.]+)/g)].map((match) => match[1]);
		expect(ranges).toEqual(['361.7 … 1157.0', '361.7 … 1157.0']);
	});
});
