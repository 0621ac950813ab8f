import {answerComesLater, type EndpointStats} from '../../stats/endpoint-stats.js';
import type {Distribution} from '../../stats/histogram.js';
import {formatMs} from '../format.js';
import {streams} from '../layout.js';
import Table, {type Column} from './Table.js';

export type Props = {
	readonly stats: EndpointStats;
	readonly width: number;
};

type Row = {readonly label: string; readonly distribution: Distribution | null};

/** Percentile columns in the order shown, and the order they are dropped in when space runs out. */
const figures: ReadonlyArray<{readonly key: keyof Distribution; readonly header: string; readonly priority: number}> = [
	{key: 'p5', header: 'p5', priority: 7},
	{key: 'p50', header: 'p50', priority: 1},
	{key: 'p75', header: 'p75', priority: 5},
	{key: 'p80', header: 'p80', priority: 8},
	{key: 'p95', header: 'p95', priority: 2},
	{key: 'p99', header: 'p99', priority: 3},
	{key: 'max', header: 'max', priority: 4},
	{key: 'avg', header: 'avg', priority: 6},
];

const columns: ReadonlyArray<Column<Row>> = [
	{key: 'metric', header: 'ms', align: 'left', width: 7, cell: (row) => ({text: row.label, tone: 'dim'})},
	...figures.map(({key, header, priority}): Column<Row> => ({
		key,
		header,
		priority,
		width: 7,
		cell: (row) => ({text: row.distribution && row.distribution.count > 0 ? formatMs(row.distribution[key]) : '-'}),
	})),
];

/** The rows shown for an endpoint: latency always, TTFB and TTFT when the endpoint has them, TTFA when answers came later. */
export function percentileRows(stats: EndpointStats): Row[] {
	const rows: Row[] = [{label: 'latency', distribution: stats.latency}];
	if (streams(stats.info)) {
		rows.push({label: 'ttft', distribution: stats.ttft});
		if (answerComesLater(stats)) rows.push({label: 'ttfa', distribution: stats.ttfa});
		rows.push({label: 'ttfb', distribution: stats.ttfb});
	}

	return rows;
}

/** Live percentiles from the HDR histograms, in ms, of successful requests. */
export default function PercentileTable({stats, width}: Props) {
	return <Table columns={columns} rows={percentileRows(stats)} width={width} gap={1} />;
}
