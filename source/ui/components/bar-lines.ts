/** Eighths of a cell, lowest first: a bar's top is drawn to 1/8 of a line. */
const eighths = ['', '▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/** Merges neighbouring counts until at most `size` are left (sums, so that no value is lost). */
function squeeze(counts: readonly number[], size: number): number[] {
	if (counts.length <= size) return [...counts];
	return Array.from({length: size}, (_, index) => {
		const from = Math.floor((index * counts.length) / size);
		const to = Math.floor(((index + 1) * counts.length) / size);
		return counts.slice(from, to).reduce((sum, count) => sum + count, 0);
	});
}

/**
 * Vertical bars of counts, `height` lines tall and at most `width` wide: each count one or more
 * columns (counts merged when there are more than columns), the tallest bar the full height.
 */
export function barLines(counts: readonly number[], width: number, height: number): string[] {
	const rows = Math.max(1, height);
	const columns = squeeze(counts, Math.max(1, width));
	const each = Math.max(1, Math.floor(width / Math.max(1, columns.length)));
	const highest = Math.max(0, ...columns);
	const lines: string[] = [];
	for (let row = rows - 1; row >= 0; row--) {
		let line = '';
		for (const count of columns) {
			// Eighths of the chart's height this bar reaches; a non-zero count shows at least a sliver.
			const level = highest > 0 ? Math.max(count > 0 ? 1 : 0, Math.round((count / highest) * rows * 8)) : 0;
			const cell = eighths[Math.min(8, Math.max(0, level - row * 8))] || ' ';
			line += cell.repeat(each);
		}

		lines.push(line.trimEnd());
	}

	return lines;
}
