import type {EndpointStats} from '../stats/endpoint-stats.js';
import {phaseMarks} from './components/sparkline-lines.js';

/** What the running screens chart; tab moves to the next. */
export type ChartMode = 'latency' | 'ttft' | 'itl' | 'throughput' | 'distribution';

const modes: readonly ChartMode[] = ['latency', 'ttft', 'itl', 'throughput', 'distribution'];
/** Token timings mean nothing without a stream. */
const streamOnly = new Set<ChartMode>(['ttft', 'itl']);

/** The mode after `mode`, skipping TTFT and inter-token latency when nothing streams. */
export function nextChart(mode: ChartMode, stream: boolean): ChartMode {
	const usable = modes.filter((candidate) => stream || !streamOnly.has(candidate));
	return usable[(usable.indexOf(mode) + 1) % usable.length] ?? 'latency';
}

/** Values shown by zoom level: the last 30, 60, 120, or all kept (240 replies; 600 s of throughput). */
const windows = [30, 60, 120, Number.POSITIVE_INFINITY] as const;
export const widestZoom = windows.length - 1;
export const zoomIn = (zoom: number): number => Math.max(0, zoom - 1);
export const zoomOut = (zoom: number): number => Math.min(widestZoom, zoom + 1);

/** A line chart's values and title for one endpoint, the window applied; undefined for the distribution. */
export function lineSeries(stats: EndpointStats, mode: ChartMode, zoom: number): {values: number[]; title: string; marks: number[]} | undefined {
	const window = windows[zoom] ?? Number.POSITIVE_INFINITY;
	const last = (values: readonly number[]) => (Number.isFinite(window) ? values.slice(-window) : [...values]);
	// Phase marks are positions in the recent replies; the window cuts some off the front.
	const marksIn = (series: readonly number[], shown: number) => phaseMarks(stats).map((index) => index - (series.length - shown));

	const titled = (series: readonly number[], what: string, unit: string, marked: boolean) => {
		const values = last(series);
		const marks = marked ? marksIn(series, values.length) : [];
		const changed = marks.some((index) => index > 0 && index < values.length) ? ' · ┊ load changed' : '';
		return {values, title: `${what} · last ${values.length} ${unit}${changed}`, marks};
	};

	switch (mode) {
		case 'latency':
			return titled(stats.recentLatency, 'latency ms', 'ok', true);
		case 'ttft':
			return titled(stats.recentTtft, 'ttft ms', 'ok', true);
		case 'itl':
			return titled(stats.recentItl, 'inter-token ms per reply', 'ok', false);
		case 'throughput':
			return titled(stats.throughput, 'requests/s', 's', false);
		case 'distribution':
			return undefined;
	}
}
