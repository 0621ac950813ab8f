import {Box, Text, useInput} from 'ink';
import {useState} from 'react';
import {columnPriority, columnShape, comparisonCells, endpointMinWidth, type Judged, type TableCell} from '../../output/table.js';
import type {ComparisonRow} from '../../stats/comparison.js';
import {calibrationHint, ceilingLine, type CeilingVerdict} from '../../stats/ceiling-share.js';
import {ceilingNotes} from '../../output/details.js';
import type {EndpointStats} from '../../stats/endpoint-stats.js';
import type {PhaseStart} from '../../stats/phase-tally.js';
import EndpointDetail from '../components/EndpointDetail.js';
import {errorText} from '../components/ErrorCounts.js';
import KeyHints from '../components/KeyHints.js';
import Table, {type Column} from '../components/Table.js';
import Verdicts from '../components/Verdicts.js';
import {truncate, truncateStart} from '../format.js';
import {streams} from '../layout.js';
import {useTheme} from '../theme.js';

export type Props = {
	readonly endpoints: readonly EndpointStats[];
	/** Files saved, in the order aggregate CSV, request CSV, JSON. */
	readonly written: readonly string[];
	/** The one of `written` that is the HTML report. */
	readonly report?: string;
	/** How close the run came to the client's measured ceiling, and what to do about it. @default nothing said */
	readonly ceiling?: CeilingNote;
	readonly interrupted: boolean;
	readonly width: number;
	readonly height: number;
	/** Each endpoint after the first against it, with bootstrap intervals. @default none */
	readonly comparison?: readonly ComparisonRow[];
	/** Which columns' best and worst differ clearly; unclear ones are not coloured. @default every column coloured */
	readonly judged?: Judged;
	/** Where each phase of an endpoint's run began, and its load, for the detail view. @default none */
	readonly phasesOf?: (stats: EndpointStats) => readonly PhaseStart[];
	/** `r` is offered (a plan to run again). @default false */
	readonly canRerun?: boolean;
	/** `c` measures the client's ceiling now (offered when the run needed one and none was measured). @default not offered */
	readonly onCalibrate?: () => void;
	/** Keys are read only when stdin is a terminal. @default true */
	readonly interactive?: boolean;
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

/** `offer`: the console can measure the ceiling itself (`c`), where headless output names the command. */
export type CeilingNote = {readonly line?: string; readonly warnings: readonly string[]; readonly offer: boolean};

/** The console's words for the calibration hint: the key that measures it now. */
export const calibrateNowHint = "how close this run came to the client's ceiling is unknown: press c to measure it now (about 40 s, in a process of its own)";

/** The heading line (with a calibration) and the warnings (near the ceiling, or none measured on a busy run). */
export const ceilingNote = (verdict: CeilingVerdict, endpoints: readonly EndpointStats[]): CeilingNote => {
	const hint = calibrationHint(verdict, Math.max(0, ...endpoints.map((stats) => stats.selfCheck.client?.loopUtilization ?? 0)));
	return {
		...(verdict.ceiling ? {line: ceilingLine(verdict)} : {}),
		warnings: ceilingNotes(endpoints, verdict).map((note) => (note === hint ? calibrateNowHint : note)),
		offer: hint !== undefined,
	};
};

export const summaryHints = [
	['↑/↓', 'endpoint'],
	['Enter', 'details'],
	['q / Ctrl-C', 'exit'],
] as const;

/**
 * Every endpoint side by side (ms; best green and worst red per column, only where the difference is
 * clear), each against the first, failures, and the files saved. Enter opens the highlighted
 * endpoint's detail view; Esc goes back.
 */
export default function Summary({
	endpoints,
	written,
	report,
	ceiling,
	interrupted,
	width,
	height,
	comparison = [],
	judged,
	phasesOf = () => [],
	canRerun = false,
	onCalibrate,
	interactive = true,
}: Props) {
	const theme = useTheme();
	const [selected, setSelected] = useState(0);
	const [detail, setDetail] = useState(false);
	const offerCalibration = onCalibrate !== undefined && ceiling?.offer === true;
	useInput(
		(input, key) => {
			if (offerCalibration && input === 'c') return onCalibrate();
			if (detail) {
				if (key.escape || key.return) setDetail(false);
			} else if (key.return && endpoints.length > 0) setDetail(true);
			if (key.upArrow || input === 'k') setSelected((index) => Math.max(0, index - 1));
			else if (key.downArrow || input === 'j') setSelected((index) => Math.min(endpoints.length - 1, index + 1));
		},
		{isActive: interactive},
	);
	const hints = [
		...summaryHints.slice(0, 2),
		...(canRerun ? ([['r', 'run again']] as const) : []),
		...(offerCalibration ? ([['c', 'calibrate']] as const) : []),
		summaryHints[2],
	];
	const chosen = endpoints[Math.min(selected, endpoints.length - 1)];
	if (detail && chosen) {
		return (
			<Box flexDirection="column" width={width}>
				<EndpointDetail stats={chosen} phases={phasesOf(chosen)} width={width} height={height} />
				<KeyHints hints={[['Esc', 'back'], ['↑/↓', 'endpoint'], ...(canRerun ? ([['r', 'run again']] as const) : []), ['q', 'exit']]} />
			</Box>
		);
	}

	const {header, rows} = comparisonCells(endpoints, judged);
	const marked = rows.map((row, index) => [
		{...row[0], text: `${index === selected && endpoints.length > 1 ? '›' : ' '} ${row[0]?.text ?? ''}`, tone: row[0]?.tone ?? 'plain'},
		...row.slice(1),
	]);
	const failures = endpoints.filter((stats) => stats.failed > 0);
	const clientBound = endpoints.filter((stats) => stats.selfCheck.clientBound);
	const numbers = new Map(endpoints.map((stats) => [stats.info.name, String(stats.index + 1)]));
	// Title, table header, rule, rows, verdicts, saved files, footer, self-check lines: whatever is left is for failure lines.
	const ceilingLines = (ceiling?.line ? 1 : 0) + (ceiling?.warnings.length ?? 0);
	const room = height - 1 - (4 + rows.length + comparison.length + written.length + clientBound.length + ceilingLines);
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
			{ceiling?.line ? (
				<Text wrap="truncate-end" {...theme.tone(ceiling.warnings.length > 0 ? 'middle' : 'dim')}>
					{truncate(ceiling.line, width)}
				</Text>
			) : null}
			<Table columns={summaryColumns(header)} rows={marked} width={width} rule essential={columnPriority('Success')} />
			<Verdicts
				rows={comparison}
				numberOf={(name) => numbers.get(name) ?? '?'}
				ttft={endpoints.some((stats) => streams(stats.info))}
				count={comparison.length}
				width={width}
				final
			/>
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
			{ceiling?.warnings.map((warning) => (
				<Text key={warning} wrap="truncate-end" {...theme.tone('middle')}>
					{truncate(`⚠ ${warning}`, width)}
				</Text>
			))}
			{written.map((path) => (
				<Text key={path} wrap="truncate-end">
					<Text {...theme.tone('dim')}>{path === report ? 'report ' : 'saved '}</Text>
					{truncateStart(path, width - 7)}
					{path === report && path.length + 30 <= width ? <Text {...theme.tone('dim')}> (open it in a browser)</Text> : null}
				</Text>
			))}
			<KeyHints hints={hints} />
		</Box>
	);
}
