import {Box, Text} from 'ink';
import type {EndpointStats} from '../../stats/endpoint-stats.js';
import type {Distribution} from '../../stats/histogram.js';
import type {PhaseStart} from '../../stats/phase-tally.js';
import {formatMs, formatRate} from '../format.js';
import {useTheme} from '../theme.js';
import {BucketBars} from './Chart.js';
import Table, {type Column} from './Table.js';

export type Props = {
	readonly stats: EndpointStats;
	/** The run's phases, for the load each one was sent at. */
	readonly phases: readonly PhaseStart[];
	readonly width: number;
	readonly height: number;
};

const spread = (label: string, distribution: Distribution | null | undefined) =>
	distribution && distribution.count > 0
		? `${label} p50 ${formatMs(distribution.p50)} · p95 ${formatMs(distribution.p95)} · p99 ${formatMs(distribution.p99)} · max ${formatMs(distribution.max)} ms`
		: undefined;

type PhaseRow = EndpointStats['phases'][number] & {readonly load: string};

const phaseColumns: ReadonlyArray<Column<PhaseRow>> = [
	{key: 'phase', header: 'phase', align: 'left', cell: (row) => ({text: String(row.phase)})},
	{key: 'load', header: 'load', align: 'left', cell: (row) => ({text: row.load})},
	{key: 'requests', header: 'requests', cell: (row) => ({text: String(row.requests)})},
	{key: 'rate', header: 'req/s', priority: 3, cell: (row) => ({text: formatRate(row.requestsPerSecond)})},
	{key: 'p50', header: 'p50', cell: (row) => ({text: row.latency ? formatMs(row.latency.p50) : '-'})},
	{key: 'p95', header: 'p95', priority: 2, cell: (row) => ({text: row.latency ? formatMs(row.latency.p95) : '-'})},
	{key: 'ttft', header: 'ttft p50', priority: 4, cell: (row) => ({text: row.ttft ? formatMs(row.ttft.p50) : '-'})},
	{key: 'failed', header: 'failed', priority: 1, cell: (row) => ({text: String(row.failed), tone: row.failed > 0 ? 'bad' : 'plain'})},
];

/**
 * One endpoint in full, from the summary: latency (and TTFT) distributions as bars, percentiles,
 * each error kind with a sample message, connection timing and the requests of each phase.
 */
export default function EndpointDetail({stats, phases, width, height}: Props) {
	const theme = useTheme();
	const loadOf = (phase: number) => {
		const start = phases.find((item) => item.phase === phase);
		return start ? (start.rate === undefined ? `× ${start.concurrency}` : `${start.rate}/s`) : '';
	};

	const phaseRows = stats.phases.length > 1 ? stats.phases.map((phase) => ({...phase, load: loadOf(phase.phase)})) : [];
	const errors = Object.entries(stats.errors);
	const connections = stats.connections;
	const lines = [
		spread('latency', stats.latency),
		spread('ttft', stats.ttft),
		connections
			? [
					`${connections.opened} connection${connections.opened === 1 ? '' : 's'} opened`,
					spread('connect', connections.connect),
					spread('TLS', connections.tls),
				]
					.filter(Boolean)
					.join(' · ')
			: undefined,
	].filter((line): line is string => line !== undefined);
	// Title, the lines, errors (a header and one per kind), phases (header and rows), footer: the rest is for the bars.
	const fixed = 2 + lines.length + (errors.length > 0 ? 1 + errors.length : 1) + (phaseRows.length > 0 ? 1 + phaseRows.length : 0) + 1;
	const stream = stats.ttftBuckets !== null;
	const room = height - 1 - fixed;
	const barHeight = Math.max(0, Math.min(6, Math.floor(room / (stream ? 2 : 1)) - 1));
	return (
		<Box flexDirection="column" width={width}>
			<Text wrap="truncate-end">
				<Text bold>{stats.info.name}</Text>
				<Text {...theme.tone('dim')}>{`  ${stats.successful}/${stats.requests} ok · ${stats.info.url}`}</Text>
			</Text>
			{barHeight >= 2 ? <BucketBars buckets={stats.latencyBuckets} what="latency" width={width} height={barHeight} /> : null}
			{barHeight >= 2 && stream ? <BucketBars buckets={stats.ttftBuckets} what="ttft" width={width} height={barHeight} tone="middle" /> : null}
			{lines.map((line) => (
				<Text key={line} wrap="truncate-end">
					{line}
				</Text>
			))}
			{errors.length === 0 ? <Text {...theme.tone('good')}>no errors</Text> : <Text bold>errors</Text>}
			{errors.map(([kind, count]) => (
				<Text key={kind} wrap="truncate-end">
					<Text {...theme.tone('bad')}>{`${kind} ${count}`}</Text>
					<Text {...theme.tone('dim')}>{stats.errorSamples[kind] ? `  e.g. ${stats.errorSamples[kind]}` : ''}</Text>
				</Text>
			))}
			{phaseRows.length > 0 ? <Table columns={phaseColumns} rows={phaseRows} width={width} /> : null}
		</Box>
	);
}
