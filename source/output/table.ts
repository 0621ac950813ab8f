import type {EndpointStats} from '../stats/accumulator.js';
import {answerComesLater} from '../stats/endpoint-stats.js';
import type {Distribution} from '../stats/histogram.js';
import {paint, rankTones, type Tone} from './paint.js';

export type ComparisonColumn = {
	readonly header: string;
	readonly value: (stats: EndpointStats) => number | undefined;
	readonly format: (value: number, stats: EndpointStats) => string;
	readonly higherIsBetter: boolean;
};

const ms = (value: number) => value.toFixed(2);
const latency = (header: string, key: keyof Distribution): ComparisonColumn => ({
	header,
	value: (stats) => (stats.successful > 0 ? stats.latency[key] : undefined),
	format: ms,
	higherIsBetter: false,
});
const first = (metric: 'ttft' | 'ttfa', header: string, key: keyof Distribution): ComparisonColumn => ({
	header,
	value: (stats) => stats[metric]?.[key],
	format: ms,
	higherIsBetter: false,
});

/** The original's columns (times in ms, two decimals) plus P99, and TTFT for streams (TTFA when answers came later). */
export function comparisonColumns(endpoints: readonly EndpointStats[]): ComparisonColumn[] {
	const columns = [
		latency('Average', 'avg'),
		latency('Median', 'p50'),
		latency('P5', 'p5'),
		latency('P75', 'p75'),
		latency('P80', 'p80'),
		latency('P95', 'p95'),
		latency('P99', 'p99'),
		latency('Total', 'total'),
		{
			header: 'Success',
			value: (stats: EndpointStats) => (stats.requests > 0 ? stats.successful / stats.requests : undefined),
			format: (_value: number, stats: EndpointStats) => `${stats.successful}/${stats.requests}`,
			higherIsBetter: true,
		},
	];
	if (endpoints.some((stats) => stats.ttft)) columns.push(first('ttft', 'TTFT P50', 'p50'), first('ttft', 'TTFT P95', 'p95'));
	if (endpoints.some(answerComesLater)) columns.push(first('ttfa', 'TTFA P50', 'p50'));
	if (endpoints.some((stats) => stats.correctedLatency)) {
		columns.push({header: 'P99 sched', value: (stats) => stats.correctedLatency?.p99, format: ms, higherIsBetter: false});
	}

	if (endpoints.some((stats) => stats.probe)) {
		columns.push({
			header: 'Probe P50',
			value: (stats) => (stats.probe?.latency.count ? stats.probe.latency.p50 : undefined),
			format: ms,
			higherIsBetter: false,
		});
	}

	return columns;
}

export type TableCell = {readonly text: string; readonly tone: Tone};

/** Header row plus one row per endpoint, with each cell's tone; shared by the headless table and the console. */
export function comparisonCells(endpoints: readonly EndpointStats[]): {header: string[]; rows: TableCell[][]} {
	const columns = comparisonColumns(endpoints);
	const tones = columns.map((column) => rankTones(endpoints.map(column.value), column.higherIsBetter));
	const rows = endpoints.map((stats, row) => [
		{text: stats.info.name, tone: 'plain' as Tone},
		...columns.map((column, index) => {
			const value = column.value(stats);
			return {text: value === undefined ? '-' : column.format(value, stats), tone: tones[index]?.[row] ?? 'plain'};
		}),
	]);
	return {header: ['Endpoint', ...columns.map((column) => column.header)], rows};
}

/** Plain-text comparison table, columns padded; colour only when asked. */
export function comparisonTable(endpoints: readonly EndpointStats[], colour: boolean): string {
	const {header, rows} = comparisonCells(endpoints);
	const widths = header.map((title, index) => Math.max(title.length, ...rows.map((row) => row[index]?.text.length ?? 0)));
	const line = (cells: readonly TableCell[]) =>
		cells
			.map((cell, index) => {
				const width = widths[index] ?? 0;
				const padded = index === 0 ? cell.text.padEnd(width) : cell.text.padStart(width);
				return paint(padded, cell.tone, colour);
			})
			.join('  ')
			.trimEnd();
	const headerCells = header.map((text) => ({text, tone: 'plain' as Tone}));
	const rule = widths.map((width) => '-'.repeat(width)).join('  ');
	return [line(headerCells), rule, ...rows.map(line)].join('\n') + '\n';
}

/** Error kinds per endpoint, one line each; empty when nothing failed. */
export function errorLines(endpoints: readonly EndpointStats[]): string {
	return endpoints
		.filter((stats) => stats.failed > 0)
		.map(
			(stats) =>
				`${stats.info.name}: ${stats.failed} failed (${Object.entries(stats.errors)
					.map(([kind, count]) => `${kind} ${count}`)
					.join(', ')})`,
		)
		.join('\n');
}
