import {cleanup, render} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import OverheadLines from '../../source/ui/components/OverheadLines.js';
import {overheadText} from '../../source/report/format-comparison.js';
import type {ComparisonRow} from '../../source/stats/comparison.js';
import type {PairedMetric} from '../../source/stats/paired.js';
import {strip} from '../helpers/ink.js';

afterEach(() => cleanup());

/** A paired metric whose p50 and p99 of the pairs are these (ms), the p50's interval around it. */
const metric = (p50: number, p99: number, clear = true): PairedMetric => ({
	pairs: 40,
	slower: 30,
	faster: 10,
	kept: 40,
	figures: [
		{percentile: 50, differenceMs: p50, low: p50 - 0.4, high: p50 + 0.4, clear},
		{percentile: 90, differenceMs: p99 / 2, low: 0, high: p99, clear: false},
		{percentile: 99, differenceMs: p99, low: 0, high: p99, clear: false},
	],
});

const row = (name: string, changes: Partial<ComparisonRow> = {}): ComparisonRow => ({
	name,
	baseline: 'direct: built-in mock',
	latency: null,
	ttft: null,
	paired: {
		name,
		baseline: 'direct: built-in mock',
		level: 0.998,
		metrics: {ttfb: metric(0.58, 2.73), ttft: metric(0.74, 3.07), latency: metric(0.63, 4.89, false)},
	},
	...changes,
});

describe('the console’s overhead lines', () => {
	it('say what each gateway adds to TTFB, TTFT and the whole request, pair by pair, and its flags; a line waits for pairs', () => {
		const rows = [row('via a'), row('via b', {flags: [{flag: 'buffered', detail: 'most events arrived together'}]})];
		const numbers = new Map([
			['via a', '2'],
			['via b', '3'],
		]);
		const {lastFrame} = render(<OverheadLines rows={rows} numberOf={(name) => numbers.get(name) ?? '?'} count={3} width={200} />);
		const shown = strip(lastFrame() ?? '').split('\n');
		// The whole line, and as the terminal's 100 columns show it.
		expect(overheadText(rows[0])?.text).toBe(
			'adds TTFB +0.58 ms [+0.18, +0.98] p99 +2.73 · TTFT +0.74 ms [+0.34, +1.14] p99 +3.07 · total +0.63 ms [+0.23, +1.03] p99 +4.89',
		);
		expect(shown[0]).toMatch(/^2 adds TTFB \+0\.58 ms \[\+0\.18, \+0\.98\] p99 \+2\.73 · TTFT \+0\.74 ms .*…$/);
		expect(overheadText(rows[1])).toMatchObject({text: expect.stringMatching(/^adds TTFB .* · flagged buffered$/), tone: 'bad'});
		expect(shown[1]).toMatch(/^3 adds TTFB /);
		expect(shown[2]).toBe('4 vs 1  judging TTFT once both have replies…');
	});
});
