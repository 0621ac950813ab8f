/** How the Running screen spends the terminal's rows. */
export type RunningLayout = {
	/** Lines per chart; 0 leaves the charts out. */
	readonly chartHeight: number;
	/** Latency and TTFT charts next to each other instead of one above the other. */
	readonly sideBySide: boolean;
	/** Finished endpoints shown as rows (the latest ones)… */
	readonly doneShown: number;
	/** …and how many earlier ones are folded into one line. */
	readonly doneHidden: number;
};

export type LayoutInput = {
	readonly rows: number;
	readonly columns: number;
	/** Finished endpoints. */
	readonly done: number;
	/** The current endpoint streams, so it gets a TTFT chart too. */
	readonly stream: boolean;
	/** Rows of the percentile table, header not counted. */
	readonly tableRows: number;
	/** A self-check warning line is shown under the current endpoint. */
	readonly notice?: boolean;
};

/** Columns to draw in: one spare, since a line exactly as wide as the terminal makes some terminals wrap. */
export const drawableWidth = (columns: number): number => Math.max(20, columns - 1);

/** Below this width two charts side by side would be too narrow to read. */
const sideBySideColumns = 60;

/**
 * Fits the Running screen into `rows - 1` lines: Ink clears the whole screen (a flicker)
 * whenever a frame is as tall as the terminal. Finished rows are kept before chart height;
 * charts shrink from 5 to 3 lines, then earlier finished rows fold into one line, then the
 * charts go.
 */
export function runningLayout({rows, columns, done, stream, tableRows, notice = false}: LayoutInput): RunningLayout {
	const budget = rows - 1;
	const sideBySide = stream && columns >= sideBySideColumns;
	const charts = (height: number) => (height === 0 ? 0 : stream && !sideBySide ? 2 * (height + 1) : height + 1);
	// Header, current endpoint's name, progress, table header + rows, errors, footer.
	const fixed = 5 + 1 + tableRows + (notice ? 1 : 0);
	for (const height of [5, 4, 3]) {
		if (fixed + charts(height) + done <= budget) return {chartHeight: height, sideBySide, doneShown: done, doneHidden: 0};
	}

	for (const height of [3, 2, 0]) {
		const room = budget - fixed - charts(height);
		if (room >= Math.min(done, 2)) {
			const shown = done <= room ? done : Math.max(0, room - 1);
			return {chartHeight: height, sideBySide, doneShown: shown, doneHidden: done - shown};
		}
	}

	return {chartHeight: 0, sideBySide, doneShown: 0, doneHidden: done};
}

/** Streamed completions get a TTFT chart and TTFT/TTFB rows in the percentile table. */
export const streams = (info: {readonly pipeline: string; readonly stream: boolean | null}): boolean => info.pipeline === 'completions' && info.stream === true;

/**
 * The comparison screen: heading, progress, a row per endpoint (and its header), a verdict per
 * endpoint after the first, a notice, the footer; then one chart per endpoint, stacked, in what
 * is left of `rows - 1` lines: 5 lines each at most, 2 at least, or none.
 */
export function comparingChartHeight({rows, endpoints, notice = false}: {rows: number; endpoints: number; notice?: boolean}): number {
	const fixed = 2 + (1 + endpoints) + (endpoints - 1) + (notice ? 1 : 0) + 1;
	const each = Math.floor((rows - 1 - fixed) / Math.max(1, endpoints)) - 1;
	return each >= 2 ? Math.min(5, each) : 0;
}
