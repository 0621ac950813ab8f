import type {EndpointStats, MetricName} from '../stats/accumulator.js';
import {answerComesLater, type CancelledTally} from '../stats/endpoint-stats.js';
import {type Distribution, distributionPercentiles} from '../stats/histogram.js';
import {fitColumns, truncate, truncateMiddle} from './fit-columns.js';
import {paint, rankTones, type Tone} from './paint.js';
import type {Judged, RankedColumn} from '../stats/judge-ranks.js';
import type {ComparisonRow} from '../stats/comparison.js';

export type ComparisonColumn = RankedColumn & {
	readonly format: (value: number, stats: EndpointStats) => string;
	readonly higherIsBetter: boolean;
};

export type {Judged} from '../stats/judge-ranks.js';

const ms = (value: number) => value.toFixed(2);
const percentileOf = (metric: MetricName, key: keyof Distribution) => {
	const at = distributionPercentiles[key];
	return at === undefined ? undefined : {metric, at};
};
const latency = (header: string, key: keyof Distribution): ComparisonColumn => ({
	header,
	value: (stats) => (stats.successful > 0 ? stats.latency[key] : undefined),
	format: ms,
	higherIsBetter: false,
	percentile: percentileOf('latency', key),
});
const first = (metric: 'ttft' | 'ttfa', header: string, key: keyof Distribution): ComparisonColumn => ({
	header,
	value: (stats) => stats[metric]?.[key],
	format: ms,
	higherIsBetter: false,
	percentile: percentileOf(metric, key),
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
		columns.push({
			header: 'P99 sched',
			value: (stats) => stats.correctedLatency?.p99,
			format: ms,
			higherIsBetter: false,
			percentile: {metric: 'corrected', at: 99},
		});
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

/**
 * Two endpoints compared: the columns whose percentiles the comparison judged (the difference of
 * the two endpoints' P50 and P95 of latency and TTFT, printed beside the table) are coloured by
 * that comparison's own verdict, so the colours and the printed intervals never disagree.
 */
export function judgedWith(judged: Judged, comparison: readonly ComparisonRow[]): Judged {
	const [row] = comparison;
	if (!row || comparison.length !== 1) return judged;
	return {
		...judged,
		...(row.latency ? {Median: row.latency.p50.clear, P95: row.latency.p95.clear} : {}),
		...(row.ttft ? {'TTFT P50': row.ttft.p50.clear, 'TTFT P95': row.ttft.p95.clear} : {}),
	};
}

export type TableCell = {readonly text: string; readonly tone: Tone};

/** Header row plus one row per endpoint, with each cell's tone; shared by the headless table and the console. */
export function comparisonCells(endpoints: readonly EndpointStats[], judged: Judged = {}): {header: string[]; rows: TableCell[][]} {
	const columns = comparisonColumns(endpoints);
	const tones = columns.map((column) =>
		// Coloured best and worst only where a judgement says the difference is clear: never a sum (Total) or a mean (Average), nor a count.
		column.percentile && judged[column.header] === true ? rankTones(endpoints.map(column.value), column.higherIsBetter) : endpoints.map((): Tone => 'plain'),
	);
	const rows = endpoints.map((stats, row) => [
		{text: stats.info.name, tone: 'plain' as Tone},
		...columns.map((column, index) => {
			const value = column.value(stats);
			return {text: value === undefined ? '-' : column.format(value, stats), tone: tones[index]?.[row] ?? 'plain'};
		}),
	]);
	return {header: ['Endpoint', ...columns.map((column) => column.header)], rows};
}

/** Short headers, and the order columns are dropped in on a narrow terminal (higher first; 0 never). */
export const columnShape: Readonly<Record<string, {readonly header?: string; readonly priority: number}>> = {
	Endpoint: {priority: 0},
	Average: {header: 'Avg', priority: 1},
	Median: {header: 'P50', priority: 2},
	P95: {priority: 3},
	P99: {priority: 4},
	Success: {priority: 5},
	'TTFT P50': {priority: 6},
	'TTFT P95': {priority: 7},
	P5: {priority: 9},
	P75: {priority: 10},
	P80: {priority: 11},
	Total: {priority: 12},
};
/** Columns not named above come after the TTFT ones. */
export const columnPriority = (title: string): number => columnShape[title]?.priority ?? 8;
/** The endpoint name may be cut to this width, never less, to keep the figures that matter most. */
export const endpointMinWidth = 16;

/**
 * Plain-text comparison table, columns padded; colour only when asked. Given a `width` (a
 * terminal's), the least important columns are dropped and names cut, as in the console, so no
 * row wraps; without one every column is kept, as the original suite prints it.
 */
export function comparisonTable(endpoints: readonly EndpointStats[], colour: boolean, width?: number, judged: Judged = {}): string {
	const {header, rows} = comparisonCells(endpoints, judged);
	const natural = header.map((title, index) => Math.max(title.length, ...rows.map((row) => row[index]?.text.length ?? 0)));
	const fitted =
		width === undefined
			? {keep: header.map((_, index) => index), widths: natural}
			: fitColumns(
					header.map((title, index) => ({natural: natural[index] ?? 0, priority: columnPriority(title), minWidth: index === 0 ? endpointMinWidth : undefined})),
					width,
					2,
					columnPriority('Success'),
				);
	const line = (cells: readonly TableCell[]) =>
		fitted.keep
			.map((index) => {
				const size = fitted.widths[index] ?? 0;
				const text = (index === 0 ? truncateMiddle : truncate)(cells[index]?.text ?? '', size);
				return paint(index === 0 ? text.padEnd(size) : text.padStart(size), cells[index]?.tone ?? 'plain', colour);
			})
			.join('  ')
			.trimEnd();
	const headerCells = header.map((text) => ({text, tone: 'plain' as Tone}));
	const rule = fitted.keep.map((index) => '-'.repeat(fitted.widths[index] ?? 0)).join('  ');
	return [line(headerCells), rule, ...rows.map(line)].join('\n') + '\n';
}

/** Error kinds per endpoint, one line each, and the requests cancelled on purpose; empty when nothing failed or was cancelled. */
export function errorLines(endpoints: readonly EndpointStats[]): string {
	return endpoints
		.flatMap((stats) => [
			...(stats.failed > 0
				? [
						`${stats.info.name}: ${stats.failed} failed (${Object.entries(stats.errors)
							.map(([kind, count]) => `${kind} ${count}`)
							.join(', ')})`,
					]
				: []),
			...(stats.cancelled ? [cancelledLine(stats.info.name, stats.cancelled)] : []),
		])
		.join('\n');
}

/** The error lines under their heading (which names cancellations when there are some), or '' when there are none. */
export function errorSection(endpoints: readonly EndpointStats[]): string {
	const lines = errorLines(endpoints);
	const heading = endpoints.some((stats) => stats.cancelled) ? 'Errors and cancellations' : 'Errors';
	return lines ? `\n${heading}:\n${lines}\n` : '';
}

/** `after 501.2 ms, 8.3 output tokens on average`: when the cancelled requests were given up, and what they had brought. */
export const cancelledAverages = ({requests, totalMs, outputTokens}: CancelledTally): string =>
	`after ${(totalMs / requests).toFixed(1)} ms, ${(outputTokens / requests).toFixed(1)} output tokens on average`;

/** `via x: 12 cancelled on purpose (after 501.2 ms, 8.3 output tokens on average), neither succeeded nor failed` */
const cancelledLine = (name: string, cancelled: CancelledTally): string =>
	`${name}: ${cancelled.requests} cancelled on purpose (${cancelledAverages(cancelled)}), neither succeeded nor failed`;
