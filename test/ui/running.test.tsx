import {cleanup, render} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {runningLayout} from '../../source/ui/layout.js';
import Running from '../../source/ui/screens/Running.js';
import {makeSnapshot} from '../helpers/drafts.js';
import {lines, strip, widest} from '../helpers/ink.js';

afterEach(cleanup);

const busy = "client busy: gatebench's event loop was busy 97% of the time, so replies waited for the client";
const frame = (done: number, width: number, height: number, stream = false, clientWarning?: string) =>
	render(
		<Running
			snapshot={makeSnapshot(done, {stream, clientWarning})}
			width={width}
			height={height}
			heading="1000 req × 8 in flight"
			sinceSnapshotMs={0}
			stopping={false}
		/>,
	).lastFrame();

describe('Running screen', () => {
	it('shows progress, the latency chart, percentiles, errors and the keys of the current endpoint', () => {
		const text = strip(frame(1, 79, 24));
		expect(text).toContain('✓ ws(s): gateway');
		expect(text).toContain('▶ http(s): gateway  2/7');
		expect(text).toMatch(/█+░+ {2}500\/1000 {2}50%/);
		expect(text).toContain('latency ms · last 240 ok');
		expect(text).toMatch(/┤/);
		expect(text).toMatch(/ms\s+p5\s+p50\s+p75\s+p80\s+p95\s+p99\s+max\s+avg/);
		expect(text).toContain('errors http_500 2');
		expect(text).toContain('p pause · +/- concurrency · tab chart · [ ] zoom · q stop · Ctrl-C ×2 quit');
	});

	it('adds a TTFT chart and rows for streams', () => {
		const text = strip(frame(5, 79, 24, true));
		expect(text).toContain('ttft ms · last 240 ok');
		expect(text).toMatch(/^ttft\s/m);
		expect(text).toMatch(/^ttfb\s/m);
	});

	// Ink clears the whole screen (a flicker) when a frame is as tall as the terminal.
	it('warns, in one line, when the self-check finds the client limiting the numbers', () => {
		expect(strip(frame(1, 79, 24))).not.toContain('⚠');
		const text = strip(frame(1, 79, 24, false, busy));
		expect(text).toMatch(/^⚠ client busy: gatebench's event loop was busy 97% of the time, so repl/m);
	});

	it.each([
		[80, 24, false, undefined],
		[80, 24, true, undefined],
		[80, 24, true, busy],
		[40, 24, true, busy],
		[100, 40, true, undefined],
		[80, 16, true, busy],
		[60, 12, false, undefined],
		[60, 12, false, busy],
	])('keeps every frame within %i×%i (stream %s, warning %s), whatever is finished', (columns, rows, stream, warning) => {
		for (let done = 0; done <= 7; done++) {
			const shown = frame(done, columns - 1, rows, stream, warning);
			expect(lines(shown).length, `${done} done:\n${strip(shown)}`).toBeLessThan(rows);
			expect(widest(shown), `${done} done:\n${strip(shown)}`).toBeLessThanOrEqual(columns - 1);
		}
	});

	it('shows what is being stopped', () => {
		const text = strip(render(<Running snapshot={makeSnapshot(2)} width={79} height={24} heading="" sinceSnapshotMs={0} stopping />).lastFrame());
		expect(text).toContain('stopping: cancelling requests in flight…');
		expect(text).not.toContain('q stop');
	});
});

describe('runningLayout', () => {
	it('gives charts 5 lines when there is room, side by side for streams on a wide terminal', () => {
		expect(runningLayout({rows: 24, columns: 79, done: 2, stream: false, tableRows: 1})).toEqual({
			chartHeight: 5,
			sideBySide: false,
			doneShown: 2,
			doneHidden: 0,
		});
		expect(runningLayout({rows: 24, columns: 79, done: 6, stream: true, tableRows: 3})).toMatchObject({chartHeight: 5, sideBySide: true, doneShown: 6});
	});

	it('shrinks the charts, then folds earlier finished rows, then drops the charts', () => {
		expect(runningLayout({rows: 24, columns: 40, done: 6, stream: true, tableRows: 3})).toEqual({
			chartHeight: 3,
			sideBySide: false,
			doneShown: 6,
			doneHidden: 0,
		});
		expect(runningLayout({rows: 20, columns: 40, done: 6, stream: true, tableRows: 3})).toEqual({
			chartHeight: 3,
			sideBySide: false,
			doneShown: 1,
			doneHidden: 5,
		});
		expect(runningLayout({rows: 12, columns: 79, done: 6, stream: false, tableRows: 1})).toEqual({
			chartHeight: 0,
			sideBySide: false,
			doneShown: 3,
			doneHidden: 3,
		});
	});
});
