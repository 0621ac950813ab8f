import {Box, Text} from 'ink';
import type {EndpointStats} from '../../stats/endpoint-stats.js';
import {streams} from '../layout.js';
import {useTheme} from '../theme.js';
import ErrorCounts from './ErrorCounts.js';
import PercentileTable from './PercentileTable.js';
import ProgressBar from './ProgressBar.js';
import Sparkline from './Sparkline.js';
import {phaseMarks} from './sparkline-lines.js';

export type Props = {
	readonly stats: EndpointStats;
	/** 1-based position and count, for the title. */
	readonly position: number;
	readonly count: number;
	readonly width: number;
	/** Lines per chart; 0 for none. */
	readonly chartHeight: number;
	readonly sideBySide: boolean;
	readonly elapsedMs: number;
};

/** The endpoint being measured: progress, recent latencies (and TTFT for streams), percentiles, errors. */
export default function CurrentEndpoint({stats, position, count, width, chartHeight, sideBySide, elapsedMs}: Props) {
	const theme = useTheme();
	const stream = streams(stats.info);
	const chartWidth = stream && sideBySide ? Math.floor((width - 2) / 2) : width;
	const marks = phaseMarks(stats);
	const marked = marks.length > 0 ? ' · ┊ load changed' : '';
	const latency = (
		<Sparkline
			values={stats.recentLatency}
			title={`latency ms · last ${stats.recentLatency.length} ok${marked}`}
			width={chartWidth}
			height={chartHeight}
			marks={marks}
		/>
	);
	const ttft = stream ? (
		<Sparkline
			values={stats.recentTtft}
			title={`ttft ms · last ${stats.recentTtft.length} ok${marked}`}
			width={chartWidth}
			height={chartHeight}
			tone="middle"
			marks={marks}
		/>
	) : null;
	return (
		<Box flexDirection="column" width={width}>
			<Text wrap="truncate-end">
				<Text {...theme.tone('accent')}>▶ </Text>
				<Text bold>{stats.info.name}</Text>
				<Text {...theme.tone('dim')}>{`  ${position}/${count}  ${stats.info.url}`}</Text>
			</Text>
			<ProgressBar stats={stats} width={width} elapsedMs={elapsedMs} />
			{chartHeight > 0 ? (
				<Box flexDirection={sideBySide ? 'row' : 'column'} gap={sideBySide ? 2 : 0}>
					{latency}
					{ttft}
				</Box>
			) : null}
			<PercentileTable stats={stats} width={width} />
			<ErrorCounts errors={stats.errors} width={width} />
		</Box>
	);
}
