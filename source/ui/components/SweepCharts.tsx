import {Box, Text} from 'ink';
import {formatMs, formatRate, truncate} from '../format.js';
import type {Curve, SweepCurves} from '../sweep-view.js';
import {type UiTone, useTheme} from '../theme.js';
import {curveGrid, logPositions, type Run} from './curve-grid.js';

/** Series colours in order; the SLO line is red. */
const tones: readonly UiTone[] = ['accent', 'middle', 'good', 'plain'];
const limitTone: UiTone = 'bad';

type ChartProps = {
	readonly title: string;
	readonly curves: readonly Curve[];
	readonly limit?: number;
	readonly loads: readonly number[];
	readonly width: number;
	readonly height: number;
	readonly format: (value: number) => string;
	/** Its own legend under it (false when one line under both charts says it). */
	readonly legend: boolean;
};

type LegendItem = {readonly text: string; readonly tone: UiTone};

/** `── p95  ── p50  ┄┄ SLO 150.0 ms`, each in its series' colour. */
const legendOf = (curves: readonly Curve[], limit: number | undefined, format: (value: number) => string): LegendItem[] => [
	...curves.map((curve, index) => ({text: `── ${curve.label}`, tone: tones[index % tones.length] ?? 'plain'})),
	...(limit === undefined ? [] : [{text: `┄┄ SLO ${format(limit)} ms`, tone: limitTone}]),
];

function Legend({items}: {readonly items: readonly LegendItem[]}) {
	const theme = useTheme();
	return (
		<Text wrap="truncate-end">
			{items.map((item, index) => (
				<Text key={index} {...theme.tone(item.tone)}>
					{(index > 0 ? '  ' : '') + item.text}
				</Text>
			))}
		</Text>
	);
}

function CurveChart({title, curves, limit, loads, width, height, format, legend}: ChartProps) {
	const theme = useTheme();
	const lines = curveGrid({
		series: curves.map((curve) => curve.values),
		limit,
		width,
		height,
		xLabels: loads.map(String),
		xPositions: logPositions(loads),
		format,
	});
	const toneOf = (run: Run): UiTone => (run.series < 0 ? 'dim' : run.series >= curves.length ? limitTone : (tones[run.series % tones.length] ?? 'plain'));
	return (
		<Box flexDirection="column" width={width}>
			<Text wrap="truncate-end" {...theme.tone('dim')}>
				{truncate(title, width)}
			</Text>
			{lines.map((runs, index) => (
				<Text key={index} wrap="truncate-end">
					{runs.map((run, part) => (
						<Text key={part} {...theme.tone(toneOf(run))}>
							{run.text}
						</Text>
					))}
				</Text>
			))}
			{Array.from({length: Math.max(0, height + 1 - lines.length)}, (_, index) => (
				<Text key={`pad${index}`}> </Text>
			))}
			{legend ? <Legend items={legendOf(curves, limit, format)} /> : null}
		</Box>
	);
}

export type Props = {
	readonly curves: SweepCurves;
	readonly mode: 'concurrency' | 'rate';
	readonly width: number;
	/** Lines of each plot (title, x axis and legend not counted). */
	readonly height: number;
};

/** The SLO metric against load with the limit drawn, and throughput against load, side by side; loads spaced by their logarithm. */
export default function SweepCharts({curves, mode, width, height}: Props) {
	const half = Math.floor((width - 2) / 2);
	const {loads} = curves;
	const against = mode === 'rate' ? 'requests/s sent' : 'requests in flight';
	// Compared endpoints are the same lines in both charts: one legend under both has room for their names.
	const shared = curves.compared;
	return (
		<Box flexDirection="column">
			<Box flexDirection="row" gap={2}>
				<CurveChart
					title={`${curves.metric} ms against ${against}`}
					curves={curves.latency}
					limit={curves.limit}
					loads={loads}
					width={half}
					height={height}
					format={formatMs}
					legend={!shared}
				/>
				<CurveChart
					title={`requests/s completed against ${against}`}
					curves={curves.throughput}
					loads={loads}
					width={half}
					height={height}
					format={formatRate}
					legend={!shared}
				/>
			</Box>
			{shared ? <Legend items={legendOf(curves.latency, curves.limit, formatMs)} /> : null}
		</Box>
	);
}
