import {Box, Text} from 'ink';
import type {EndpointStats} from '../../stats/endpoint-stats.js';
import {columnPriority, columnShape, comparisonCells, endpointMinWidth, type TableCell} from '../../output/table.js';
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

/** The comparison of `output/table.ts` as Table columns, so the console and headless output agree. */
export function summaryColumns(header: readonly string[]): Array<Column<readonly TableCell[]>> {
	return header.map((title, index) => {
		return {
			key: title,
			header: columnShape[title]?.header ?? title,
			priority: columnPriority(title),
			align: index === 0 ? 'left' : 'right',
			minWidth: index === 0 ? endpointMinWidth : undefined,
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
			<Table columns={summaryColumns(header)} rows={rows} width={width} rule essential={columnPriority('Success')} />
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
