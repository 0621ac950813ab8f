import {Box, Text} from 'ink';
import type {EndpointStats} from '../../stats/endpoint-stats.js';
import {comparisonCells, type TableCell} from '../../output/table.js';
import {errorText} from '../components/ErrorCounts.js';
import KeyHints from '../components/KeyHints.js';
import Table, {type Column} from '../components/Table.js';
import {truncate, truncateStart} from '../format.js';
import {useTheme} from '../theme.js';

export type Props = {
	readonly endpoints: readonly EndpointStats[];
	/** Files saved, in the order aggregate CSV, request CSV, JSON. */
	readonly written: readonly string[];
	readonly interrupted: boolean;
	readonly width: number;
	readonly height: number;
};

/** Short headers, and the order columns are dropped in on a narrow terminal (higher first). */
const shape: Readonly<Record<string, {readonly header?: string; readonly priority: number}>> = {
	Endpoint: {priority: 0},
	Average: {header: 'Avg', priority: 1},
	Median: {header: 'P50', priority: 2},
	P95: {priority: 3},
	P99: {priority: 4},
	Success: {priority: 5},
	'TTFT P50': {priority: 6},
	'TTFT P95': {priority: 7},
	P5: {priority: 9},
	P75: {priority: 10},
	P80: {priority: 11},
	Total: {priority: 12},
};

/** The comparison of `output/table.ts` as Table columns, so the console and headless output agree. */
export function summaryColumns(header: readonly string[]): Array<Column<readonly TableCell[]>> {
	return header.map((title, index) => {
		const {header: short = title, priority = 8} = shape[title] ?? {};
		return {
			key: title,
			header: short,
			priority,
			align: index === 0 ? 'left' : 'right',
			minWidth: index === 0 ? 16 : undefined,
			cell: (row) => row[index] ?? {text: ''},
		};
	});
}

export const summaryHints = [['q / Enter / Ctrl-C', 'exit']] as const;

/** Every endpoint side by side (ms; best green, worst red per column), failures, and the files saved. */
export default function Summary({endpoints, written, interrupted, width, height}: Props) {
	const theme = useTheme();
	const {header, rows} = comparisonCells(endpoints);
	const failures = endpoints.filter((stats) => stats.failed > 0);
	const clientBound = endpoints.filter((stats) => stats.selfCheck.clientBound);
	// Title, table header, rule, rows, saved files, footer, self-check lines: whatever is left is for failure lines.
	const room = height - 1 - (4 + rows.length + written.length + clientBound.length);
	const shownFailures = failures.length <= room ? failures : failures.slice(0, Math.max(0, room - 1));
	const foldedFailures = failures.length - shownFailures.length;
	return (
		<Box flexDirection="column" width={width}>
			<Text wrap="truncate-end">
				<Text bold>gatebench results</Text>
				<Text {...theme.tone(interrupted ? 'middle' : 'dim')}>
					{interrupted ? '  stopped early: completed requests only' : '  latency of successful requests, ms'}
				</Text>
			</Text>
			<Table columns={summaryColumns(header)} rows={rows} width={width} rule essential={shape['Success']?.priority} />
			{shownFailures.map((stats) => (
				<Text key={stats.index} wrap="truncate-end" {...theme.tone('bad')}>
					{truncate(`${stats.info.name}: ${stats.failed} failed (${errorText(stats.errors)})`, width)}
				</Text>
			))}
			{foldedFailures > 0 && room > 0 ? <Text {...theme.tone('bad')}>{`and ${foldedFailures} more with failures`}</Text> : null}
			{clientBound.map((stats) => (
				<Text key={`client-${stats.index}`} wrap="truncate-end" {...theme.tone('middle')}>
					{truncate(`⚠ ${stats.info.name}: ${stats.selfCheck.warnings[0] ?? 'client-bound'}`, width)}
				</Text>
			))}
			{written.map((path) => (
				<Text key={path} wrap="truncate-end">
					<Text {...theme.tone('dim')}>saved </Text>
					{truncateStart(path, width - 6)}
				</Text>
			))}
			<KeyHints hints={summaryHints} />
		</Box>
	);
}
