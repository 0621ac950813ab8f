import {plot} from 'asciichart';
import {formatMs} from '../format.js';

/** Squeezes a series into `size` points, each the worst (highest) value of its bucket, so spikes survive. */
export function downsample(values: readonly number[], size: number): number[] {
	if (size <= 0) return [];
	if (values.length <= size) return [...values];
	return Array.from({length: size}, (_, index) => {
		const from = Math.floor((index * values.length) / size);
		const to = Math.max(from + 1, Math.floor(((index + 1) * values.length) / size));
		return Math.max(...values.slice(from, to));
	});
}

/** The values a chart's axis spans: charts stacked for comparison share one, so heights compare. */
export type Range = {readonly low: number; readonly high: number};

/** One range over several series (undefined while none has two values). */
export function sharedRange(series: ReadonlyArray<readonly number[]>): Range | undefined {
	const drawn = series.filter((values) => values.length >= 2);
	if (drawn.length === 0) return undefined;
	return {low: Math.min(...drawn.map((values) => Math.min(...values))), high: Math.max(...drawn.map((values) => Math.max(...values)))};
}

/**
 * An asciichart plot exactly `height` lines tall and at most `width` characters wide. The plot
 * is as wide as its data plus the label gutter, so the data is downsampled to what is left.
 * `range`: the axis, when several charts must share one. `marks`: indexes of values where something
 * began (a phase of the load), drawn as a dotted column wherever the line leaves room.
 */
export function sparklineLines(values: readonly number[], width: number, height: number, range?: Range, marks: readonly number[] = []): string[] {
	const rows = Math.max(1, height);
	if (values.length < 2) return Array.from({length: rows}, (_, index) => (index === rows - 1 ? truncateTo('waiting for replies…', width) : ''));
	let low = range?.low ?? Math.min(...values);
	let high = range?.high ?? Math.max(...values);
	// A flat series would otherwise collapse to one line and make the screen jump.
	if (high - low < 1e-9) {
		low = Math.max(0, high - 1);
		high = low + 1;
	}

	const labelWidth = Math.max(formatMs(low).length, formatMs(high).length) + 1;
	// Each line is label + axis + points, plus one trailing cell that asciichart leaves blank.
	const points = downsample(values, width - labelWidth - 2);
	if (points.length < 2) return Array.from({length: rows}, () => '');
	const chart = plot(points, {
		height: rows - 1,
		min: low,
		max: high,
		offset: 2,
		format: (value: number) => `${formatMs(value).padStart(labelWidth - 1)} `,
	});
	const lines = chart.split('\n').map((line) => truncateTo(markColumns(line.trimEnd(), labelWidth + 1, marks, values.length, points.length), width));
	// Rounding inside asciichart can give one line more or fewer than asked for.
	while (lines.length < rows) lines.push('');
	return lines.slice(0, rows);
}

/** `┊` in the empty cells of each marked value's column (after downsampling); data and axis stay as drawn. */
function markColumns(line: string, firstColumn: number, marks: readonly number[], values: number, points: number): string {
	if (marks.length === 0) return line;
	const cells = [...line.padEnd(firstColumn + points)];
	for (const mark of marks) {
		if (mark <= 0 || mark >= values) continue;
		const column = firstColumn + Math.floor((mark * points) / values);
		if (cells[column] === ' ') cells[column] = '┊';
	}

	return cells.join('').trimEnd();
}

const truncateTo = (text: string, width: number) => (text.length > width ? text.slice(0, Math.max(0, width)) : text);

/** Where in an endpoint's recent series each later phase began (for `marks`). */
export const phaseMarks = (stats: {readonly recentFrom: number; readonly phaseStarts: readonly number[]}): number[] =>
	stats.phaseStarts.map((start) => start - stats.recentFrom).filter((index) => index > 0);
