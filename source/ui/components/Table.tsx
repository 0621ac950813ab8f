import {Box, Text} from 'ink';
import {truncate, truncateMiddle} from '../format.js';
import {type UiTone, useTheme} from '../theme.js';
import {fitColumns} from '../../output/fit-columns.js';

export type Cell = {readonly text: string; readonly tone?: UiTone};

/** One column of a `Table<T>`: how to read a cell from a row, and how much it matters. */
export type Column<T> = {
	readonly key: string;
	readonly header: string;
	readonly cell: (row: T) => Cell;
	/** @default 'right' */
	readonly align?: 'left' | 'right';
	/** Columns with a higher number are dropped first when the width runs out. @default 0 (never dropped) */
	readonly priority?: number;
	/** May be cut to this many characters, with an ellipsis, to make room for other columns. */
	readonly minWidth?: number;
	/** At least this wide, so that live figures do not shift the columns as they change. @default 0 */
	readonly width?: number;
};

export type Props<T> = {
	readonly columns: ReadonlyArray<Column<T>>;
	readonly rows: readonly T[];
	/** Characters available; no line is longer. */
	readonly width: number;
	/** Spaces between columns. @default 2 */
	readonly gap?: number;
	/** A line under the header. @default false */
	readonly rule?: boolean;
	/** Columns of at most this priority may cut required columns to their `minWidth`. @default every column */
	readonly essential?: number;
};

/** A generic table (gemini-cli's `Table<T>` shape) that drops low-priority columns to fit the width. */
export default function Table<T>({columns, rows, width, gap = 2, rule = false, essential}: Props<T>) {
	const theme = useTheme();
	const cells = rows.map((row) => columns.map((column) => column.cell(row)));
	const fits = columns.map((column, index) => ({
		natural: Math.max(column.width ?? 0, column.header.length, ...cells.map((row) => row[index]?.text.length ?? 0)),
		priority: column.priority ?? 0,
		minWidth: column.minWidth,
	}));
	const {keep, widths} = fitColumns(fits, width, gap, essential);
	const pad = (text: string, index: number) => {
		const size = widths[index] ?? 0;
		// Names (left-aligned) are cut in the middle, so that `· run 2` or a port survives a narrow terminal.
		return columns[index]?.align === 'left' ? truncateMiddle(text, size).padEnd(size) : truncate(text, size).padStart(size);
	};

	const separator = ' '.repeat(gap);
	const line = (row: readonly Cell[], bold: boolean, key: string) => (
		<Text key={key} wrap="truncate-end" bold={bold}>
			{keep.map((index, position) => (
				<Text key={columns[index]?.key ?? index} {...theme.tone(row[index]?.tone ?? 'plain')}>
					{(position > 0 ? separator : '') + pad(row[index]?.text ?? '', index)}
				</Text>
			))}
		</Text>
	);

	const total = keep.reduce((sum, index) => sum + (widths[index] ?? 0), 0) + gap * Math.max(0, keep.length - 1);
	return (
		<Box flexDirection="column">
			{line(
				columns.map((column) => ({text: column.header})),
				true,
				'header',
			)}
			{rule ? (
				<Text wrap="truncate-end" {...theme.tone('dim')}>
					{'─'.repeat(Math.min(total, width))}
				</Text>
			) : null}
			{cells.map((row, index) => line(row, false, String(index)))}
		</Box>
	);
}
