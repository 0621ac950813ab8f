import {render} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {cleanup} from 'ink-testing-library';
import DoneRow from '../../source/ui/components/DoneRow.js';
import ErrorCounts from '../../source/ui/components/ErrorCounts.js';
import PercentileTable from '../../source/ui/components/PercentileTable.js';
import ProgressBar from '../../source/ui/components/ProgressBar.js';
import Sparkline from '../../source/ui/components/Sparkline.js';
import {downsample, sparklineLines} from '../../source/ui/components/sparkline-lines.js';
import {fitColumns} from '../../source/output/fit-columns.js';
import {makeDistribution, makeInfo, makeSeries, makeStats, makeStreamStats} from '../helpers/drafts.js';
import {lines, strip, widest} from '../helpers/ink.js';

afterEach(cleanup);

const widths = [40, 80] as const;

describe('ProgressBar', () => {
	it('shows done/total, percent, rate, elapsed, ETA and failures', () => {
		const {lastFrame} = render(<ProgressBar stats={makeStats()} width={80} />);
		const frame = strip(lastFrame());
		expect(frame).toMatch(/█+░+ {2}500\/1000 {2}50% {2}100 req\/s {2}0:05 {2}ETA 0:05 {2}2 failed$/);
		expect(widest(lastFrame())).toBe(80);
	});

	it.each(widths)('fits %i columns, keeping the count, percent and failures', (width) => {
		const {lastFrame} = render(<ProgressBar stats={makeStats({requests: 12_345, planned: 50_000, failed: 1234})} width={width} />);
		expect(widest(lastFrame())).toBeLessThanOrEqual(width);
		expect(strip(lastFrame())).toContain('12345/50000');
		expect(strip(lastFrame())).toContain('24%');
		expect(strip(lastFrame())).toContain('1234 failed');
	});

	it('fills the bar in proportion and is full when done', () => {
		const half = strip(render(<ProgressBar stats={makeStats({failed: 0})} width={80} />).lastFrame());
		expect(half.match(/█/g)?.length).toBe(half.match(/░/g)?.length);
		const done = strip(render(<ProgressBar stats={makeStats({state: 'done', requests: 1000, failed: 0})} width={80} />).lastFrame());
		expect(done).not.toContain('░');
		expect(done).toContain('1000/1000  100%');
	});

	it('advances elapsed time between snapshots and says when warming up', () => {
		expect(strip(render(<ProgressBar stats={makeStats()} width={80} elapsedMs={65_000} />).lastFrame())).toContain('1:05');
		expect(strip(render(<ProgressBar stats={makeStats({state: 'warmup'})} width={80} />).lastFrame())).toContain('warming up');
	});

	it('counts time for a run by duration', () => {
		const frame = strip(render(<ProgressBar stats={makeStats({planned: undefined, plannedDurationMs: 20_000})} width={80} />).lastFrame());
		expect(frame).toContain('500 done');
		expect(frame).toContain('25%');
	});
});

describe('Sparkline', () => {
	it.each(widths)('is exactly as tall as asked and never wider than %i columns', (width) => {
		const {lastFrame} = render(<Sparkline values={makeSeries(240)} title="latency ms" width={width} height={5} />);
		const shown = lines(lastFrame());
		expect(shown).toHaveLength(6);
		expect(shown[0]).toBe('latency ms');
		expect(widest(lastFrame())).toBeLessThanOrEqual(width);
		// The plot uses most of the width: the data was downsampled to it, not cut off.
		expect(widest(lastFrame())).toBeGreaterThan(width - 4);
	});

	it('labels the axis with the range of the values', () => {
		const frame = strip(render(<Sparkline values={[5, 10, 20, 40]} title="t" width={40} height={5} />).lastFrame());
		expect(frame).toContain('40.00 ┤');
		expect(frame).toContain(' 5.00 ┼');
	});

	it('keeps its height for a flat series and while waiting for data', () => {
		expect(sparklineLines([3, 3, 3, 3], 40, 5)).toHaveLength(5);
		expect(sparklineLines([], 40, 5)).toHaveLength(5);
		expect(sparklineLines([], 40, 5).at(-1)).toContain('waiting');
	});

	it('downsamples by keeping the worst value of each bucket', () => {
		expect(downsample([1, 9, 2, 3, 8, 1], 3)).toEqual([9, 3, 8]);
		expect(downsample([1, 2], 10)).toEqual([1, 2]);
	});
});

describe('PercentileTable', () => {
	it('shows p5 to max and avg of the latency, in ms', () => {
		const frame = strip(render(<PercentileTable stats={makeStats()} width={80} />).lastFrame());
		expect(lines(frame)[0]).toMatch(/^ms\s+p5\s+p50\s+p75\s+p80\s+p95\s+p99\s+max\s+avg$/);
		expect(lines(frame)[1]).toMatch(/^latency\s+2\.25\s+10\.50\s+14\.75\s+16\.00\s+31\.50\s+48\.25\s+60\.13\s+12\.50$/);
	});

	it('adds TTFT and TTFB rows for streams', () => {
		const frame = strip(render(<PercentileTable stats={makeStreamStats()} width={80} />).lastFrame());
		expect(lines(frame).map((line) => line.split(/\s+/)[0])).toEqual(['ms', 'latency', 'ttft', 'ttfb']);
		expect(frame).toContain('210.0');
	});

	it('adds a TTFA row when answers came after reasoning or tool calls, not when they are the first tokens', () => {
		const reasoned = strip(render(<PercentileTable stats={makeStreamStats({ttfa: makeDistribution(600)})} width={80} />).lastFrame());
		expect(lines(reasoned).map((line) => line.split(/\s+/)[0])).toEqual(['ms', 'latency', 'ttft', 'ttfa', 'ttfb']);
		const toolOnly = strip(render(<PercentileTable stats={makeStreamStats({ttfa: null})} width={80} />).lastFrame());
		expect(lines(toolOnly).find((line) => line.startsWith('ttfa'))).toMatch(/^ttfa(\s+-)+$/);
	});

	it.each(widths)('drops the least important columns to fit %i columns', (width) => {
		const stats = makeStreamStats({latency: makeDistribution(1000)});
		const frame = render(<PercentileTable stats={stats} width={width} />).lastFrame();
		expect(widest(frame)).toBeLessThanOrEqual(width);
		const header = lines(frame)[0] ?? '';
		for (const kept of ['p50', 'p95', 'p99']) expect(header).toContain(kept);
		if (width === 40) expect(header).not.toContain('p80');
	});

	it('shows dashes before the first success', () => {
		const stats = makeStats({successful: 0, latency: makeDistribution(1, 0)});
		expect(lines(render(<PercentileTable stats={stats} width={80} />).lastFrame())[1]).toMatch(/^latency(\s+-){8}$/);
	});
});

describe('ErrorCounts and finished rows', () => {
	it('lists error kinds, most frequent first, or none', () => {
		expect(strip(render(<ErrorCounts errors={{timeout: 1, http_500: 3}} width={80} />).lastFrame())).toBe('errors http_500 3 · timeout 1');
		expect(strip(render(<ErrorCounts errors={{}} width={80} />).lastFrame())).toBe('errors none');
	});

	it.each(widths)('fits a finished endpoint into one line of %i columns', (width) => {
		const stats = makeStats({
			state: 'done',
			requests: 1000,
			successful: 1000,
			info: makeInfo({name: 'http-then-ws(s): sourcegraph'}),
			latency: makeDistribution(100),
		});
		const frame = render(<DoneRow stats={stats} width={width} nameWidth={28} />).lastFrame();
		expect(lines(frame)).toHaveLength(1);
		expect(widest(frame)).toBeLessThanOrEqual(width);
		expect(strip(frame)).toContain('1000/1000');
	});
});

describe('fitColumns', () => {
	const columns = [
		{natural: 30, priority: 0, minWidth: 10},
		{natural: 8, priority: 1},
		{natural: 8, priority: 2},
		{natural: 8, priority: 3},
	];

	it('keeps everything when it fits', () => {
		expect(fitColumns(columns, 80, 2)).toEqual({keep: [0, 1, 2, 3], widths: [30, 8, 8, 8]});
	});

	it('cuts the required column for essential ones only, and drops the rest by priority', () => {
		expect(fitColumns(columns, 40, 2, 2)).toEqual({keep: [0, 1, 2], widths: [20, 8, 8, 0]});
		expect(fitColumns(columns, 39, 2, 0)).toEqual({keep: [0], widths: [30, 0, 0, 0]});
	});
});
