import ServerLine, {serverText} from '../components/ServerLine.js';
import {Box, Text} from 'ink';
import type {Snapshot} from '../../stats/run-store.js';
import CurrentEndpoint from '../components/CurrentEndpoint.js';
import DoneRow from '../components/DoneRow.js';
import RunningKeys from '../components/RunningKeys.js';
import {Heading, Notice, shownElapsedMs} from '../components/ScreenParts.js';
import {percentileRows} from '../components/PercentileTable.js';
import {type ChartMode, widestZoom} from '../chart-modes.js';
import {runningLayout, streams} from '../layout.js';
import {useTheme} from '../theme.js';

export type Props = {
	readonly snapshot: Snapshot;
	/** Terminal size; the frame stays narrower and at least one line shorter. */
	readonly width: number;
	readonly height: number;
	/** What is benchmarked, e.g. the mock's URL. */
	readonly heading: string;
	/** Time since the snapshot arrived, added to the running endpoint's elapsed time. */
	readonly sinceSnapshotMs: number;
	/** `q` was pressed: requests in flight are being cancelled. */
	readonly stopping: boolean;
	/** What the chart shows (tab), and how much of it ([ and ]). @default latency, everything kept */
	readonly mode?: ChartMode;
	readonly zoom?: number;
};

/** Layout only: finished endpoints as rows, then the one being measured, then the keys. */
export default function Running({snapshot, width, height, heading, sinceSnapshotMs, stopping, mode = 'latency', zoom = widestZoom}: Props) {
	const theme = useTheme();
	const {endpoints, current} = snapshot;
	const stats = current === null ? undefined : endpoints[current];
	const done = endpoints.filter((endpoint) => endpoint.state === 'done' && endpoint.index !== current);
	const warning = stats?.selfCheck.warnings[0];
	const server = serverText(snapshot.server);
	const layout = runningLayout({
		rows: height - (server === undefined ? 0 : 1),
		columns: width,
		done: done.length,
		// Two charts (latency and TTFT) only in latency mode, for streams.
		stream: stats ? streams(stats.info) && mode === 'latency' : false,
		tableRows: stats ? percentileRows(stats).length : 1,
		notice: warning !== undefined,
	});
	const shown = done.slice(done.length - layout.doneShown);
	const nameWidth = Math.max(0, ...endpoints.map((endpoint) => endpoint.info.name.length));
	const elapsedMs = shownElapsedMs(stats, sinceSnapshotMs);
	return (
		<Box flexDirection="column" width={width}>
			<Heading heading={heading} />
			{layout.doneHidden > 0 ? (
				<Text {...theme.tone('dim')}>{`✓ ${layout.doneHidden} earlier endpoint${layout.doneHidden === 1 ? '' : 's'} finished`}</Text>
			) : null}
			{shown.map((endpoint) => (
				<DoneRow key={endpoint.index} stats={endpoint} width={width} nameWidth={nameWidth} />
			))}
			{stats && current !== null ? (
				<CurrentEndpoint
					stats={stats}
					position={current + 1}
					count={endpoints.length}
					width={width}
					chartHeight={layout.chartHeight}
					sideBySide={layout.sideBySide}
					elapsedMs={elapsedMs}
					mode={mode}
					zoom={zoom}
				/>
			) : (
				<Text {...theme.tone('dim')}>{snapshot.finished || stopping ? 'saving results…' : 'starting…'}</Text>
			)}
			<ServerLine text={server} width={width} />
			<Notice warning={warning} width={width} />
			<RunningKeys load={snapshot.load} stopping={stopping} />
		</Box>
	);
}
