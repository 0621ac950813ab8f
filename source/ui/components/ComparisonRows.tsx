import type {EndpointStats} from '../../stats/endpoint-stats.js';
import type {Distribution} from '../../stats/histogram.js';
import {formatMs, formatRate} from '../format.js';
import {streams} from '../layout.js';
import Table, {type Column} from './Table.js';

export type Props = {
	readonly endpoints: readonly EndpointStats[];
	readonly width: number;
};

const ms = (distribution: Distribution | null, key: 'p50' | 'p95') => ({text: distribution && distribution.count > 0 ? formatMs(distribution[key]) : '-'});

/** Each endpoint's number, as the charts and verdicts under the rows call it. */
export const endpointNumber = (stats: EndpointStats): string => String(stats.index + 1);

/**
 * Every endpoint of a comparison as one live row: requests done, requests/s, latency and TTFT
 * p50/p95 (ms), output tokens/s and failures. Columns go, least telling first, as the width runs out.
 */
export default function ComparisonRows({endpoints, width}: Props) {
	const ttft = endpoints.some((stats) => streams(stats.info));
	const tokens = endpoints.some((stats) => stats.outputTokens !== null);
	const columns: Array<Column<EndpointStats>> = [
		{key: 'number', header: '#', align: 'left', cell: (stats) => ({text: endpointNumber(stats), tone: 'accent'})},
		{key: 'name', header: 'endpoint', align: 'left', minWidth: 12, cell: (stats) => ({text: stats.info.name})},
		{key: 'done', header: 'done', priority: 1, width: 5, cell: (stats) => ({text: String(stats.requests)})},
		{key: 'rate', header: 'req/s', priority: 4, width: 5, cell: (stats) => ({text: formatRate(stats.requestsPerSecond)})},
		{key: 'p50', header: 'p50', priority: 2, width: 6, cell: (stats) => ms(stats.latency, 'p50')},
		{key: 'p95', header: 'p95', priority: 3, width: 6, cell: (stats) => ms(stats.latency, 'p95')},
		...(ttft
			? [
					{key: 'ttft50', header: 'ttft p50', priority: 2, width: 6, cell: (stats: EndpointStats) => ms(stats.ttft, 'p50')},
					{key: 'ttft95', header: 'ttft p95', priority: 5, width: 6, cell: (stats: EndpointStats) => ms(stats.ttft, 'p95')},
				]
			: []),
		...(tokens
			? [{key: 'tokens', header: 'tok/s', priority: 6, cell: (stats: EndpointStats) => ({text: formatRate(stats.outputTokens?.perSecond ?? 0)})}]
			: []),
		{
			key: 'errors',
			header: 'errors',
			priority: 1,
			cell: (stats) => ({text: String(stats.failed), tone: stats.failed > 0 ? 'bad' : 'plain'}),
		},
	];
	// Names are cut only for done, p50 and errors: the rest go first.
	return <Table columns={columns} rows={endpoints} width={width} gap={2} essential={2} />;
}
