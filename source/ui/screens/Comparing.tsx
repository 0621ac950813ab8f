import {Box, Text} from 'ink';
import type {Snapshot} from '../../stats/run-store.js';
import ComparisonRows, {endpointNumber} from '../components/ComparisonRows.js';
import RunningKeys from '../components/RunningKeys.js';
import ProgressBar from '../components/ProgressBar.js';
import Sparkline from '../components/Sparkline.js';
import {phaseMarks, sharedRange} from '../components/sparkline-lines.js';
import Verdicts from '../components/Verdicts.js';
import {truncate} from '../format.js';
import {comparingChartHeight, streams} from '../layout.js';
import {useTheme} from '../theme.js';

export type Props = {
	readonly snapshot: Snapshot;
	readonly width: number;
	readonly height: number;
	readonly heading: string;
	readonly sinceSnapshotMs: number;
	readonly stopping: boolean;
};

/**
 * Two or more endpoints measured together (interleaved): a live row each, a verdict for each
 * against the first, and their recent latencies (TTFT for streams) as stacked charts on one scale.
 */
export default function Comparing({snapshot, width, height, heading, sinceSnapshotMs, stopping}: Props) {
	const theme = useTheme();
	const {endpoints} = snapshot;
	const ttft = endpoints.some((stats) => streams(stats.info));
	// Interleaved endpoints move together; the one furthest behind says how far the run is.
	const slowest = endpoints.reduce<(typeof endpoints)[number] | undefined>((low, stats) => (!low || stats.requests < low.requests ? stats : low), undefined);
	const warning = endpoints.map((stats) => stats.selfCheck.warnings[0]).find(Boolean);
	const chartHeight = comparingChartHeight({rows: height, endpoints: endpoints.length, notice: warning !== undefined});
	const series = endpoints.map((stats) => (ttft ? stats.recentTtft : stats.recentLatency));
	const range = sharedRange(series);
	const numbers = new Map(endpoints.map((stats) => [stats.info.name, endpointNumber(stats)]));
	const elapsedMs = slowest && slowest.state === 'running' ? slowest.elapsedMs + sinceSnapshotMs : (slowest?.elapsedMs ?? 0);
	return (
		<Box flexDirection="column" width={width}>
			<Text wrap="truncate-end">
				<Text bold>gatebench</Text>
				<Text {...theme.tone('dim')}>{`  ${heading}`}</Text>
			</Text>
			{slowest ? <ProgressBar stats={slowest} width={width} elapsedMs={elapsedMs} /> : <Text {...theme.tone('dim')}>starting…</Text>}
			<ComparisonRows endpoints={endpoints} width={width} />
			<Verdicts rows={snapshot.comparison} numberOf={(name) => numbers.get(name) ?? '?'} ttft={ttft} count={endpoints.length - 1} width={width} />
			{chartHeight > 0
				? endpoints.map((stats, index) => (
						<Sparkline
							key={stats.index}
							values={series[index] ?? []}
							title={`${endpointNumber(stats)} ${stats.info.name} · ${ttft ? 'ttft' : 'latency'} ms, last ${series[index]?.length ?? 0} ok`}
							width={width}
							height={chartHeight}
							range={range}
							marks={phaseMarks(stats)}
							tone={index % 2 === 0 ? 'accent' : 'middle'}
						/>
					))
				: null}
			{warning ? (
				<Text wrap="truncate-end" {...theme.tone('middle')}>
					{truncate(`⚠ ${warning}`, width)}
				</Text>
			) : null}
			<RunningKeys load={snapshot.load} stopping={stopping} />
		</Box>
	);
}
