import * as Plot from '@observablehq/plot';
import {parseHTML} from 'linkedom';
import type {Capacity, MetricPlot, OverTime, ServerCharts} from './model.js';

/**
 * Charts drawn here, at write time, to static SVG (Observable Plot on linkedom's DOM): the page
 * carries no script, so nothing in it can run, it prints, and axes and text take the page's
 * colour (currentColor) in light and dark.
 */
const {document} = parseHTML('<!doctype html><html><body></body></html>');

/** Observable Plot's own ten colours: told apart in light and dark. */
const palette = ['#4269d0', '#efb118', '#ff725c', '#6cc5b0', '#3ca951', '#ff8ab7', '#a463f2', '#97bbf5', '#9c6b4e', '#9498a0'];

const width = 560;
const height = 300;

type Rendered = {readonly outerHTML: string};

/** One chart as SVG markup; names reach it only as text nodes (escaped by the DOM's serializer). */
function render(options: Plot.PlotOptions): string {
	const chart = Plot.plot({
		width,
		height,
		style: {background: 'transparent', fontSize: '11px'},
		...options,
		document: document as unknown as Plot.PlotOptions['document'],
	});
	return (chart as unknown as Rendered).outerHTML;
}

/** Every endpoint keeps its colour across charts, in table order. */
export const colourScale = (names: readonly string[]) => ({domain: [...names], range: names.map((_, index) => palette[index % palette.length] ?? '#888')});

const nines = (x: number) => {
	const percent = 100 - 100 / x;
	return `${Number(percent.toFixed(6))}%`;
};

/** 0.1, 1, 10, 1000: a log axis's ticks as numbers, not SI prefixes (100m read as minutes). */
const plain = (value: number) => String(Number(value.toPrecision(3)));

/** Values from series far apart (0.3 ms beside 2 s) on a logarithmic axis, so every series keeps its shape; else linear over the values (a flat 300 ms TTFT still shows its tail). */
function valueScale(values: readonly number[]): {type: 'log' | 'linear'; zero?: boolean; tickFormat?: (value: number) => string} {
	const positive = values.filter((value) => value > 0);
	const low = Math.min(...positive);
	const high = Math.max(...positive);
	return positive.length === values.length && positive.length > 0 && high / low > 20 ? {type: 'log', tickFormat: plain} : {type: 'linear', zero: false};
}

/** Counts never fall below zero and an all-zero chart still has an axis: 0 to at least 1. */
const countDomain = (values: ReadonlyArray<number | null>): [number, number] => [0, Math.max(1, ...values.map((value) => value ?? 0))];

/** Percentile on a "nines" axis (x = 1/(1−p), logarithmic: 90 %, 99 %, 99.9 % equally spaced), value linear, as HdrHistogram's plotter draws it. */
export function percentileChart(plot: MetricPlot, names: readonly string[]): string {
	const points = plot.series.flatMap((series) => series.percentiles.map((point) => ({...point, endpoint: series.endpoint})));
	const largest = Math.max(10, ...points.map((point) => point.x));
	const ticks = Array.from({length: Math.ceil(Math.log10(largest)) + 1}, (_, index) => 10 ** index).filter((tick) => tick <= largest);
	return render({
		x: {type: 'log', domain: [1, largest], ticks, tickFormat: nines, label: 'percentile', grid: true},
		y: {label: `${plot.title} (ms)`, grid: true, ...valueScale(points.map((point) => point.ms))},
		color: colourScale(names),
		marks: [Plot.line(points, {x: 'x', y: 'ms', stroke: 'endpoint', strokeWidth: 1.6})],
	});
}

/** Share of requests (%) in bins of the metric's value: an outline per endpoint, lightly filled. */
export function histogramChart(plot: MetricPlot, names: readonly string[]): string {
	const bins = plot.series.flatMap((series) => series.bins.map((bin) => ({...bin, endpoint: series.endpoint})));
	const low = Math.min(...bins.map((bin) => bin.fromMs));
	const high = Math.max(...bins.map((bin) => bin.toMs));
	const logarithmic = low > 0 && high / low > 10;
	return render({
		marginBottom: 36,
		x: {type: logarithmic ? 'log' : 'linear', label: `${plot.title} (ms)`, ...(logarithmic ? {tickFormat: plain} : {})},
		y: {label: 'share of requests (%)', grid: true},
		color: colourScale(names),
		marks: [
			// y1 and y2, not y: bars of several endpoints overlap instead of stacking.
			Plot.rectY(bins, {x1: 'fromMs', x2: 'toMs', y1: 0, y2: 'share', fill: 'endpoint', fillOpacity: 0.25, stroke: 'endpoint', strokeWidth: 1}),
			Plot.ruleY([0]),
		],
	});
}

type TimeValue = 'completed' | 'p50Ms' | 'p95Ms' | 'errors' | 'inFlight';

/** One value of the run, second by second, a line per endpoint; phases and steps marked. */
export function timeChart(overTime: OverTime, names: readonly string[], values: readonly TimeValue[], label: string): string {
	const rows = overTime.series.flatMap((series) =>
		values.flatMap((value) =>
			series.points.map((point) => ({
				second: point.second,
				value: point[value],
				endpoint: series.endpoint,
				line: `${series.endpoint} ${value}`,
				dashed: value === 'p50Ms',
			})),
		),
	);
	const drawn = rows.filter((row) => row.value !== null);
	// A series of one or two seconds is a dot or two, not a line.
	const short = new Set(overTime.series.filter((series) => series.points.length < 3).map((series) => series.endpoint));
	return render({
		x: {label: 'seconds', grid: true},
		y: {label, grid: true, domain: countDomain(drawn.map((row) => row.value)), nice: true},
		color: colourScale(names),
		marks: [
			Plot.ruleX(overTime.marks, {x: 'second', strokeDasharray: '2,3', strokeOpacity: 0.6}),
			Plot.text(overTime.marks, {x: 'second', text: 'label', frameAnchor: 'top', textAnchor: 'start', dx: 3, dy: 2, fillOpacity: 0.8}),
			Plot.line(
				drawn.filter((row) => !row.dashed),
				{x: 'second', y: 'value', stroke: 'endpoint', z: 'line', strokeWidth: 1.5},
			),
			Plot.line(
				drawn.filter((row) => row.dashed),
				{x: 'second', y: 'value', stroke: 'endpoint', z: 'line', strokeWidth: 1.2, strokeDasharray: '4,3'},
			),
			Plot.dot(
				drawn.filter((row) => short.has(row.endpoint)),
				{x: 'second', y: 'value', stroke: 'endpoint', fill: 'endpoint', r: 2.5},
			),
		],
	});
}

/** One scraped figure second by second, a line per server. */
export function serverChart(chart: ServerCharts[number]): string {
	const servers = chart.lines.map((line) => line.server);
	const rows = chart.lines.flatMap((line) => line.points.map((point) => ({...point, server: line.server})));
	return render({
		x: {label: 'seconds', grid: true},
		y: {label: chart.title, grid: true, nice: true, zero: true},
		color: colourScale(servers),
		marks: [
			Plot.line(rows, {x: 'second', y: 'value', stroke: 'server', strokeWidth: 1.5}),
			Plot.dot(rows, {x: 'second', y: 'value', stroke: 'server', r: 1.5}),
		],
	});
}

/** A sweep's curve: one figure of each step against the load, a line per endpoint, the SLO's limit dashed. */
export function capacityChart(capacity: Capacity, names: readonly string[], value: 'requestsPerSecond' | 'goodput' | 'slo', label: string): string {
	const points = capacity.points.filter((point) => point[value] !== null);
	const limit = value === 'slo' && capacity.limit !== null ? [Plot.ruleY([capacity.limit], {strokeDasharray: '5,4', stroke: '#d03030'})] : [];
	return render({
		x: {type: 'log', label: capacity.mode === 'rate' ? 'requests/s offered' : 'requests in flight', grid: true},
		y: {label, grid: true, zero: true},
		color: colourScale(names),
		marks: [
			...limit,
			Plot.line(points, {x: 'load', y: value, stroke: 'endpoint', strokeWidth: 1.5}),
			Plot.dot(points, {x: 'load', y: value, stroke: 'endpoint', fill: 'endpoint', r: 2.5}),
		],
	});
}
