import {Text} from 'ink';
import type {EndpointStats} from '../../stats/endpoint-stats.js';
import {truncate} from '../format.js';
import {useTheme} from '../theme.js';

/** The first line of the running screens: `gatebench  100 req × 8 in flight · built-in mock …`. */
export function Heading({heading}: {readonly heading: string}) {
	const theme = useTheme();
	return (
		<Text wrap="truncate-end">
			<Text bold>gatebench</Text>
			<Text {...theme.tone('dim')}>{`  ${heading}`}</Text>
		</Text>
	);
}

/** A self-check warning under the live figures, in one line, or nothing. */
export function Notice({warning, width}: {readonly warning: string | undefined; readonly width: number}) {
	const theme = useTheme();
	if (!warning) return null;
	return (
		<Text wrap="truncate-end" {...theme.tone('middle')}>
			{truncate(`⚠ ${warning}`, width)}
		</Text>
	);
}

/** An endpoint's elapsed time as shown: the snapshot's, advanced by the console's clock while it runs. */
export const shownElapsedMs = (stats: EndpointStats | undefined, sinceSnapshotMs: number): number =>
	stats && stats.state === 'running' ? stats.elapsedMs + sinceSnapshotMs : (stats?.elapsedMs ?? 0);
