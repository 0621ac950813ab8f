import {Box, Text} from 'ink';
import type {Buckets} from '../../stats/buckets.js';
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
	/** The distribution on the range shared with the charts this one is compared with. */
	readonly buckets?: Buckets | null;
	readonly tone?: UiTone;
};

/** One endpoint's chart in the chosen mode: a line over recent replies (or seconds), or the latency distribution as bars. */
export default function Chart({stats, mode, zoom, width, height, label, range, buckets, tone = 'accent'}: Props) {
	const line = lineSeries(stats, mode, zoom);
	if (line)
		return (
			<Sparkline
				values={line.values}
				title={(label ? `${label} · ` : '') + line.title}
				width={width}
				height={height}
				range={range}
				tone={tone}
				marks={line.marks}
			/>
		);
	return <BucketBars buckets={buckets === undefined ? stats.latencyBuckets : buckets} what="latency" label={label} width={width} height={height} tone={tone} />;
}

/** A distribution as vertical bars under a title that says its range: `latency distribution ms · 12.3 … 45.6 (p99.9)`. */
export function BucketBars({
	buckets,
	what,
	label,
	width,
	height,
	tone = 'accent',
}: {
	readonly buckets: Buckets | null;
	readonly what: string;
	readonly label?: string;
	readonly width: number;
	readonly height: number;
	readonly tone?: UiTone;
}) {
	const theme = useTheme();
	const prefix = label ? `${label} · ` : '';
	const title = buckets
		? `${what} distribution ms · ${formatMs(buckets.fromMs)} … ${formatMs(buckets.toMs)} (p99.9)${buckets.beyond > 0 ? ` · ${buckets.beyond} beyond` : ''}`
		: `${what} distribution · waiting for replies…`;
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
