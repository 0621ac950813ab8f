import {plot} from 'asciichart';

/** A run of characters drawn by one series (its index), or by none (-1: axis, labels, blank). */
export type Run = {readonly text: string; readonly series: number};

export type CurveGridInput = {
	/** One value per x position (per load), NaN where a series has none. */
	readonly series: ReadonlyArray<readonly number[]>;
	/** Drawn as a dashed flat line, under the series (the SLO's limit). */
	readonly limit?: number;
	readonly width: number;
	/** Lines of the plot, the x axis line not counted. */
	readonly height: number;
	/** The x axis: a label per value of each series. */
	readonly xLabels: readonly string[];
	/** Where each value sits along the axis, 0 to 1 (evenly by default). */
	readonly xPositions?: readonly number[];
	readonly format: (value: number) => string;
};

/** Where each of n loads sits along the x axis, 0 to 1: by the logarithm of the load, as the search doubles it. */
export function logPositions(loads: readonly number[]): number[] {
	const first = Math.log(loads[0] ?? 1);
	const span = Math.log(loads.at(-1) ?? 1) - first;
	return loads.map((load, index) => (span > 0 ? (Math.log(load) - first) / span : loads.length > 1 ? index / (loads.length - 1) : 0));
}

/** Spreads n points over `columns`, at `positions` (0 to 1, increasing; evenly by default), straight between neighbours; NaN beside a missing point. */
export function stretch(values: readonly number[], columns: number, positions?: readonly number[]): number[] {
	if (values.length === 0) return [];
	if (values.length === 1) return Array.from({length: columns}, () => values[0] ?? Number.NaN);
	const at = (index: number) => positions?.[index] ?? index / (values.length - 1);
	let left = 0;
	return Array.from({length: columns}, (_, column) => {
		const x = column / Math.max(1, columns - 1);
		while (left < values.length - 2 && at(left + 1) <= x) left++;
		const from = values[left] ?? Number.NaN;
		const width = at(left + 1) - at(left);
		const share = width > 0 ? Math.min(1, Math.max(0, (x - at(left)) / width)) : 0;
		if (share === 0) return from;
		if (share === 1) return values[left + 1] ?? Number.NaN;
		return from + (Number(values[left + 1]) - from) * share;
	});
}

/** Each unbroken stretch of finite values: where it starts, and its values. */
function segments(values: readonly number[]): Array<{start: number; values: number[]}> {
	const found: Array<{start: number; values: number[]}> = [];
	values.forEach((value, index) => {
		if (!Number.isFinite(value)) return;
		const last = found.at(-1);
		if (last && last.start + last.values.length === index) last.values.push(value);
		else found.push({start: index, values: [value]});
	});
	return found;
}

/**
 * Several curves against load on one axis from zero, with the loads under it: each series is plotted
 * by asciichart on its own (this version cannot skip missing points) and the plots are laid over one
 * another, later series on top, so each cell knows which series drew it and can take its colour.
 */
export function curveGrid({series, limit, width, height, xLabels, xPositions, format}: CurveGridInput): Run[][] {
	const rows = Math.max(2, height);
	const values = series.flat().filter(Number.isFinite);
	if (values.length === 0) return [[{text: 'waiting for the first step…', series: -1}]];
	const high = Math.max(...values, limit ?? 0) * 1.05 || 1;
	const labelWidth = Math.max(format(0).length, format(high).length) + 1;
	const columns = Math.max(2, width - labelWidth - 1);
	const grid: Array<Array<{char: string; series: number}>> = Array.from({length: rows}, () => Array.from({length: columns}, () => ({char: ' ', series: -1})));
	const draw = (points: readonly number[], index: number, glyph?: string) => {
		for (const segment of segments(stretch(points, columns + 1, points.length === xLabels.length ? xPositions : undefined))) {
			if (segment.values.length < 2) continue;
			const lines = plot(segment.values, {min: 0, max: high, height: rows - 1, offset: 1, format: () => ' '}).split('\n');
			lines.slice(0, rows).forEach((line, row) => {
				// Cell 0 is asciichart's axis; cell 1 + x joins value x to value x + 1.
				for (let x = 0; x < segment.values.length - 1; x++) {
					const char = line[1 + x] ?? ' ';
					const cell = grid[row]?.[segment.start + x];
					if (char !== ' ' && cell) grid[row]![segment.start + x] = {char: glyph && char === '─' ? glyph : char, series: index};
				}
			});
		}
	};

	if (limit !== undefined) draw([limit, limit], series.length, '┄');
	series.forEach((points, index) => draw(points, index));
	const label = (row: number) => {
		// Top, middle and bottom rows say their value.
		const value = row === 0 ? high : row === rows - 1 ? 0 : row === Math.floor((rows - 1) / 2) ? high - (high * row) / (rows - 1) : undefined;
		return value === undefined ? ' '.repeat(labelWidth) : format(value).padStart(labelWidth - 1) + ' ';
	};
	const lines = grid.map((cells, row) => {
		const runs: Run[] = [{text: `${label(row)}${row === rows - 1 ? '┼' : '┤'}`, series: -1}];
		for (const cell of cells) {
			const last = runs.at(-1);
			if (last && last.series === cell.series) runs[runs.length - 1] = {text: last.text + cell.char, series: cell.series};
			else runs.push({text: cell.char, series: cell.series});
		}
		return runs;
	});
	return [...lines, [{text: xAxis(xLabels, labelWidth + 1, columns, xPositions), series: -1}]];
}

/** The loads under the plot, each at its column, skipped where it would touch the one before. */
function xAxis(labels: readonly string[], indent: number, columns: number, positions?: readonly number[]): string {
	let line = ' '.repeat(indent);
	labels.forEach((text, index) => {
		const position = positions?.[index] ?? (labels.length === 1 ? 0 : index / (labels.length - 1));
		const at = indent + Math.round(position * (columns - 1));
		const start = Math.min(at, indent + columns - text.length);
		if (start < line.length + (index === 0 ? 0 : 1)) return;
		line = line.padEnd(start) + text;
	});
	return line;
}
