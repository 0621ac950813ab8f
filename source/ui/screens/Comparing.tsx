import ServerLine, {serverText} from '../components/ServerLine.js';
import {Box, Text} from 'ink';
import ComparisonRows, {endpointNumber} from '../components/ComparisonRows.js';
import RunningKeys from '../components/RunningKeys.js';
import {Heading, Notice, shownElapsedMs} from '../components/ScreenParts.js';
import ProgressBar from '../components/ProgressBar.js';
import Chart, {sharedAxis} from '../components/Chart.js';
import {onSharedRange} from '../../stats/buckets.js';
import Verdicts from '../components/Verdicts.js';
import OverheadLines from '../components/OverheadLines.js';
import {widestZoom} from '../chart-modes.js';
import type {Props} from './Running.js';
import {comparingChartHeight, streams} from '../layout.js';
import {useTheme} from '../theme.js';

/** The same as the Running screen's. */
export type {Props} from './Running.js';

/**
 * Two or more endpoints measured together (interleaved): a live row each, a verdict for each
 * against the first, and their recent latencies (TTFT for streams) as stacked charts on one scale.
 */
export default function Comparing({snapshot, width, height, heading, sinceSnapshotMs, stopping, mode, zoom = widestZoom}: Props) {
	const theme = useTheme();
	const {endpoints} = snapshot;
	const ttft = endpoints.some((stats) => streams(stats.info));
	// Interleaved endpoints move together; the one furthest behind says how far the run is.
	const slowest = endpoints.reduce<(typeof endpoints)[number] | undefined>((low, stats) => (!low || stats.requests < low.requests ? stats : low), undefined);
	const warning = endpoints.map((stats) => stats.selfCheck.warnings[0]).find(Boolean);
	const server = serverText(snapshot.server);
	const chartHeight = comparingChartHeight({rows: height - (server === undefined ? 0 : 1), endpoints: endpoints.length, notice: warning !== undefined});
	// The verdict's metric first: TTFT for streams.
	const chart = mode ?? (ttft ? 'ttft' : 'latency');
	const range = sharedAxis(endpoints, chart, zoom);
	// Distributions one above another on one range: a shift between the endpoints shows as one.
	const distributions = chart === 'distribution' ? onSharedRange(endpoints.map((stats) => stats.latencyBuckets)) : undefined;
	const numbers = new Map(endpoints.map((stats) => [stats.info.name, endpointNumber(stats)]));
	const elapsedMs = shownElapsedMs(slowest, sinceSnapshotMs);
	// An overhead run (--through) judges TTFB live as well: its lines say what each gateway adds.
	const overhead = snapshot.comparison.some((row) => row.paired?.metrics.ttfb !== undefined);
	return (
		<Box flexDirection="column" width={width}>
			<Heading heading={heading} />
			{slowest ? <ProgressBar stats={slowest} width={width} elapsedMs={elapsedMs} /> : <Text {...theme.tone('dim')}>starting…</Text>}
			<ComparisonRows endpoints={endpoints} width={width} />
			{overhead ? (
				<OverheadLines rows={snapshot.comparison} numberOf={(name) => numbers.get(name) ?? '?'} count={endpoints.length - 1} width={width} />
			) : (
				<Verdicts rows={snapshot.comparison} numberOf={(name) => numbers.get(name) ?? '?'} ttft={ttft} count={endpoints.length - 1} width={width} />
			)}
			{chartHeight > 0
				? endpoints.map((stats, index) => (
						<Chart
							key={stats.index}
							stats={stats}
							mode={chart}
							zoom={zoom}
							label={`${endpointNumber(stats)} ${stats.info.name}`}
							width={width}
							height={chartHeight}
							range={range}
							{...(distributions ? {buckets: distributions[index] ?? null} : {})}
							tone={index % 2 === 0 ? 'accent' : 'middle'}
						/>
					))
				: null}
			<ServerLine text={server} width={width} />
			<Notice warning={warning} width={width} />
			<RunningKeys load={snapshot.load} stopping={stopping} />
		</Box>
	);
}
