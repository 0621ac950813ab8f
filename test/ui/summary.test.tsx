import {vi} from 'vitest';

// Ink colours through chalk, which reads FORCE_COLOR once on import: set it before any import.
vi.hoisted(() => {
	process.env['FORCE_COLOR'] = '1';
});

import {cleanup, render} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import Summary, {ceilingNote} from '../../source/ui/screens/Summary.js';
import {ceilingVerdictOf} from '../../source/stats/ceiling-share.js';
import {makeTheme, ThemeContext} from '../../source/ui/theme.js';
import type {Judged} from '../../source/output/table.js';
import {clientBound, makeDistribution, makeInfo, makeStats} from '../helpers/drafts.js';
import {colourAt, keys, lines, press, strip, waitForText, widest} from '../helpers/ink.js';

afterEach(cleanup);

const endpoints = [
	makeStats({
		index: 0,
		state: 'done',
		info: makeInfo({name: 'fast: gateway'}),
		latency: makeDistribution(1),
		requests: 100,
		successful: 100,
		failed: 0,
		errors: {},
	}),
	makeStats({
		index: 1,
		state: 'done',
		info: makeInfo({name: 'middling: gateway'}),
		latency: makeDistribution(2),
		requests: 100,
		successful: 99,
		failed: 1,
		errors: {timeout: 1},
	}),
	makeStats({
		index: 2,
		state: 'done',
		info: makeInfo({name: 'http-then-ws(s): sourcegraph'}),
		latency: makeDistribution(30),
		requests: 100,
		successful: 90,
		failed: 10,
		errors: {http_500: 10},
	}),
];
const written = ['gatebench-results/20261124T103000Z-aggregate.csv', 'gatebench-results/20261124T103000Z-requests.csv'];

const summary = (width: number, colour = true, height = 24, shown = endpoints, judged: Judged = {Median: true, P95: true}) =>
	render(
		<ThemeContext.Provider value={makeTheme(colour)}>
			<Summary endpoints={shown} written={written} interrupted={false} width={width} height={height} judged={judged} />
		</ThemeContext.Provider>,
	).lastFrame() ?? '';

const green = '\u001B[32m';
const red = '\u001B[31m';

describe('Summary', () => {
	it('compares the endpoints side by side, best green and worst red where judged clear, and never a mean, a sum or a count', () => {
		const rows = summary(79)
			.split('\n')
			.filter((line) => /gateway|sourcegraph/.test(line) && !line.includes('failed'));
		const [fast = '', middling = '', slow = ''] = rows;
		// P50: 10.50 best, 21.00 in between, 315.00 worst.
		expect(colourAt(fast, '10.50')).toBe(32);
		expect(colourAt(middling, '21.00')).toBe(33);
		expect(colourAt(slow, '315.00')).toBe(31);
		// Average (12.50 … 375.00) and success (100/100 … 90/100) are never coloured as a ranking.
		expect(colourAt(fast, '12.50')).toBeUndefined();
		expect(colourAt(slow, '375.00')).toBeUndefined();
		expect(colourAt(fast, '100/100')).toBeUndefined();
		expect(colourAt(fast, 'fast: gateway')).toBeUndefined();
		// Nothing judged, nothing coloured.
		const unjudged = summary(79, true, 24, endpoints, {});
		expect(unjudged.split('\n').find((line) => line.includes('fast: gateway'))).not.toContain(green);
	});

	it('keeps Endpoint, Avg, P50, P95, P99 and Success at 80 columns, and fits 40', () => {
		const wide = summary(79);
		expect(lines(wide)[1]).toMatch(/^Endpoint\s+Avg\s+P50\s+.*P95\s+P99\s+.*Success/);
		expect(widest(wide)).toBeLessThanOrEqual(79);
		expect(strip(wide)).toContain('http-then-ws(s): sourcegraph');
		const narrow = summary(40);
		expect(widest(narrow)).toBeLessThanOrEqual(40);
		expect(lines(narrow)[1]).toMatch(/^Endpoint\s+Avg\s+P50/);
	});

	it('lists failures and the saved files, and the keys', () => {
		const text = strip(summary(79));
		expect(text).toContain('middling: gateway: 1 failed (timeout 1)');
		expect(text).toContain('http-then-ws(s): sourcegraph: 10 failed (http_500 10)');
		expect(text).toContain(`saved ${written[0]}`);
		expect(text).toContain(`saved ${written[1]}`);
		expect(text).toContain('↑/↓ endpoint · Enter details · q / Ctrl-C exit');
	});

	it('names each endpoint the client limited, in yellow, and still fits', () => {
		expect(strip(summary(79))).not.toContain('⚠');
		const warned = endpoints.map((stats, index) =>
			index === 0 ? {...stats, ...clientBound('client behind schedule: 40 sends (8%) left over 2 ms late')} : stats,
		);
		const frame = summary(79, true, 24, warned);
		const line = frame.split('\n').find((text) => text.includes('⚠')) ?? '';
		expect(strip(line)).toBe('⚠ fast: gateway: client behind schedule: 40 sends (8%) left over 2 ms late');
		expect(colourAt(line, '⚠')).toBe(33);
		const short = summary(79, true, 11, warned);
		expect(lines(short).length).toBeLessThan(11);
		expect(strip(short)).toContain('⚠ fast: gateway');
	});

	it('says under its title how close the run came to the client’s ceiling, and warns in yellow above 70 %', () => {
		const ceiling = {
			requestsPerSecond: 8000,
			eventsPerSecond: 6000,
			eventsAtLeast: false,
			httpClient: 'raw' as const,
			measuredAt: '2026-12-07T12:00:00.000Z',
			machine: {cpu: 'AMD EPYC', cores: 2},
			node: 'v20',
			version: '0',
		};
		const near = ceilingVerdictOf(ceiling, [{...endpoints[0]!, requests: 7000, elapsedMs: 1000}], 1);
		const frame = render(
			<ThemeContext.Provider value={makeTheme(true)}>
				<Summary endpoints={endpoints} written={written} interrupted={false} width={79} height={24} ceiling={ceilingNote(near, endpoints)} />
			</ThemeContext.Provider>,
		).lastFrame();
		const shown = (frame ?? '').split('\n');
		expect(strip(shown[1] ?? '')).toBe('client at 88% of its measured ceiling (8,000 req/s, 6,000 events/s; calibrated…');
		const warning = shown.find((line) => strip(line).startsWith('⚠ client near its ceiling')) ?? '';
		expect(strip(warning)).toContain('at 88% of what this client sustains');
		expect(colourAt(warning, '⚠')).toBe(33);
		expect(lines(frame ?? '').length).toBeLessThan(24);
	});

	it('stays shorter than the terminal, folding failure lines first', () => {
		const frame = summary(79, true, 11);
		expect(lines(frame).length).toBeLessThan(11);
		expect(strip(frame)).toContain(`saved ${written[1]}`);
	});

	it('colours best and worst only in columns judged clear', () => {
		const judged = render(
			<ThemeContext.Provider value={makeTheme(true)}>
				<Summary endpoints={endpoints} written={written} interrupted={false} width={79} height={24} judged={{Average: false, Median: true}} />
			</ThemeContext.Provider>,
		).lastFrame();
		const [fast = ''] = (judged ?? '').split('\n').filter((line) => line.includes('fast: gateway') && !line.includes('failed'));
		expect(colourAt(fast, '12.50')).toBeUndefined();
		expect(colourAt(fast, '10.50')).toBe(32);
	});

	it('opens the highlighted endpoint in detail on Enter: error kinds with a sample message, percentiles; Esc goes back', async () => {
		const failing = endpoints.map((stats) => (stats.index === 1 ? {...stats, errorSamples: {timeout: 'no reply within 60000 ms'}} : stats));
		const instance = render(<Summary endpoints={failing} written={written} interrupted={false} width={79} height={24} />);
		await press(instance, keys.arrowDown);
		await waitForText(instance, '› middling: gateway');
		instance.stdin.write(keys.enter);
		await waitForText(instance, 'Esc back');
		const text = strip(instance.lastFrame());
		expect(text).toMatch(/^middling: gateway {2}99\/100 ok/m);
		expect(text).toContain('timeout 1  e.g. no reply within 60000 ms');
		expect(text).toMatch(/^latency p50 [\d.]+ · p95 [\d.]+ · p99 [\d.]+ · max [\d.]+ ms/m);
		instance.stdin.write(keys.escape);
		await waitForText(instance, 'gatebench results');
	});

	it('has no colour at all under NO_COLOR', () => {
		const frame = summary(79, false);
		expect(frame).not.toContain(green);
		expect(frame).not.toContain(red);
		expect(frame).toContain('12.50');
	});
});

describe('names cut to fit', () => {
	it('keep both ends, so the rows of a run done again stay apart at 80 and 60 columns', () => {
		const named = (name: string, index: number) => ({...endpoints[0]!, index, info: makeInfo({name})});
		const runs = [named('openai direct: 127.0.0.1:39737 (gpt-4o-mini) · run 1', 0), named('openai direct: 127.0.0.1:39737 (gpt-4o-mini) · run 2', 1)];
		for (const width of [79, 60]) {
			const rows = summary(width, false, 24, runs)
				.split('\n')
				.filter((line) => line.includes('openai'));
			expect(rows[0]).toMatch(/^\s*› openai.*….*run 1\s/);
			expect(rows[1]).toMatch(/^\s+openai.*….*run 2\s/);
			expect(widest(rows.join('\n'))).toBeLessThanOrEqual(width);
		}
	});
});
