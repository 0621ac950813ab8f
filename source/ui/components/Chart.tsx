import {Box, Text} from 'ink';
import type {EndpointStats} from '../../stats/endpoint-stats.js';
import {type ChartMode, lineSeries} from '../chart-modes.js';
import {formatMs, truncate} from '../format.js';
import {type UiTone, useTheme} from '../theme.js';
import {barLines} from './bar-lines.js';
import Sparkline from './Sparkline.js';
import {type Range, sharedRange} from './sparkline-lines.js';

export type Props = {
	readonly stats: EndpointStats;
	readonly mode: ChartMode;
	readonly zoom: number;
	readonly width: number;
	/** Lines of the chart, the title line not counted. */
	readonly height: number;
	/** Put before the title, e.g. the endpoint's number and name in a comparison. */
	readonly label?: string;
	/** The axis shared with the charts this one is compared with. */
	readonly range?: Range;
	readonly tone?: UiTone;
};

/** One endpoint's chart in the chosen mode: a line over recent replies (or seconds), or the latency distribution as bars. */
export default function Chart({stats, mode, zoom, width, height, label, range, tone = 'accent'}: Props) {
	const theme = useTheme();
	const prefix = label ? `${label} · ` : '';
	const line = lineSeries(stats, mode, zoom);
	if (line) return <Sparkline values={line.values} title={prefix + line.title} width={width} height={height} range={range} tone={tone} marks={line.marks} />;
	const buckets = stats.latencyBuckets;
	const title = buckets
		? `latency distribution ms · ${formatMs(buckets.fromMs)} … ${formatMs(buckets.toMs)} (p99.9)${buckets.beyond > 0 ? ` · ${buckets.beyond} beyond` : ''}`
		: 'latency distribution · waiting for replies…';
	const lines = buckets ? barLines(buckets.counts, width, height) : [];
	return (
		<Box flexDirection="column" width={width}>
			<Text wrap="truncate-end" {...theme.tone('dim')}>
				{truncate(prefix + title, width)}
			</Text>
			{Array.from({length: height}, (_, index) => (
				<Text key={index} wrap="truncate-end" {...theme.tone(tone)}>
					{lines[index] || ' '}
				</Text>
			))}
		</Box>
	);
}

/** The axis several endpoints' line charts share, so that heights compare. */
export const sharedAxis = (endpoints: readonly EndpointStats[], mode: ChartMode, zoom: number): Range | undefined =>
	sharedRange(endpoints.map((stats) => lineSeries(stats, mode, zoom)?.values ?? []));
