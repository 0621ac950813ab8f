/** What a column needs for the fitting, whatever its contents. */
export type ColumnFit = {
	/** Widest cell, header included. */
	readonly natural: number;
	/** Columns with a higher number are dropped first; 0 is never dropped. */
	readonly priority: number;
	/** The column may be cut to this width (cells end with an ellipsis) to make room for others. */
	readonly minWidth?: number;
};

/**
 * Chooses the columns that fit `width` and their widths: required columns first, then the
 * others by priority until the next one does not fit, so that a narrow terminal loses the
 * least important figures, never a wrapped line. Columns of priority up to `essential` may
 * cut required ones to their minimum width to fit.
 */
export function fitColumns(
	columns: readonly ColumnFit[],
	width: number,
	gap: number,
	essential = Number.POSITIVE_INFINITY,
): {keep: number[]; widths: number[]} {
	const smallest = (column: ColumnFit) => Math.min(column.natural, column.minWidth ?? column.natural);
	const order = columns.map((_, index) => index).sort((a, b) => (columns[a]?.priority ?? 0) - (columns[b]?.priority ?? 0));
	const kept = new Set<number>();
	// Room taken with the required columns cut to their minimum, and at their full width.
	let used = -gap;
	let usedFull = -gap;
	for (const index of order) {
		const column = columns[index];
		if (!column) continue;
		const required = column.priority === 0;
		const need = gap + (required ? smallest(column) : column.natural);
		// Only essential columns may cut a required one; the rest take room that is really free.
		if (!required && (column.priority <= essential ? used : usedFull) + need > width) break;
		kept.add(index);
		used += need;
		usedFull += gap + column.natural;
	}

	const keep = [...kept].sort((a, b) => a - b);
	const widths = columns.map((column, index) => (kept.has(index) ? (column.priority === 0 ? smallest(column) : column.natural) : 0));
	// Give the room left back to the columns that were cut.
	let spare = width - used;
	for (const index of keep) {
		const column = columns[index];
		const current = widths[index] ?? 0;
		if (!column || spare <= 0 || current >= column.natural) continue;
		const grow = Math.min(spare, column.natural - current);
		widths[index] = current + grow;
		spare -= grow;
	}

	return {keep, widths};
}

/** Cuts text to `width` characters, marking the cut with an ellipsis. */
/**
 * Cut in the middle, for names: endpoints differ at their ends as often as at their starts (a
 * port, `· run 2`, a model), and both ends stay readable.
 */
export function truncateMiddle(text: string, width: number): string {
	if (text.length <= width || width < 8) return truncate(text, width);
	const tail = Math.floor((width - 1) / 2);
	return `${text.slice(0, width - 1 - tail)}…${text.slice(text.length - tail)}`;
}

export function truncate(text: string, width: number): string {
	if (width <= 0) return '';
	if (text.length <= width) return text;
	return width === 1 ? '…' : `${text.slice(0, width - 1)}…`;
}
