import {Box, Text} from 'ink';
import type {EndpointStats} from '../../stats/endpoint-stats.js';
import {streams} from '../layout.js';
import {useTheme} from '../theme.js';
import ErrorCounts from './ErrorCounts.js';
import PercentileTable from './PercentileTable.js';
import ProgressBar from './ProgressBar.js';
import type {ChartMode} from '../chart-modes.js';
import Chart from './Chart.js';

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
	readonly mode: ChartMode;
	readonly zoom: number;
};

/** The endpoint being measured: progress, recent latencies (and TTFT for streams), percentiles, errors. */
export default function CurrentEndpoint({stats, position, count, width, chartHeight, sideBySide, elapsedMs, mode, zoom}: Props) {
	const theme = useTheme();
	const stream = streams(stats.info);
	// Latency opens with TTFT beside it for streams; the other modes take the whole width.
	const pair = mode === 'latency' && stream;
	const chartWidth = pair && sideBySide ? Math.floor((width - 2) / 2) : width;
	const first = <Chart stats={stats} mode={mode} zoom={zoom} width={chartWidth} height={chartHeight} />;
	const second = pair ? <Chart stats={stats} mode="ttft" zoom={zoom} width={chartWidth} height={chartHeight} tone="middle" /> : null;
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
					{first}
					{second}
				</Box>
			) : null}
			<PercentileTable stats={stats} width={width} />
			<ErrorCounts errors={stats.errors} width={width} />
		</Box>
	);
}
