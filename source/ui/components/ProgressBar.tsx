import {Box, Text} from 'ink';
import type {EndpointStats} from '../../stats/endpoint-stats.js';
import {progressFraction} from '../../stats/progress.js';
import {formatClock, formatRate} from '../format.js';
import {useTheme} from '../theme.js';

export type Props = {
	readonly stats: EndpointStats;
	/** Characters available; the line is never longer. */
	readonly width: number;
	/** Wall time of the endpoint, ms: the snapshot's, advanced by the console's clock between snapshots. */
	readonly elapsedMs?: number;
};

type Part = {readonly text: string; readonly keep: number};

/** Bar of at least this many cells, or none at all. */
const minimumBar = 8;

/** Text beside the bar; `keep` orders what goes first when the line is too long (lower goes first). */
export function progressParts(stats: EndpointStats, elapsedMs: number): Part[] {
	const fraction = progressFraction(stats);
	const count = stats.planned === undefined ? `${stats.requests} done` : `${stats.requests}/${stats.planned}`;
	const rate = stats.requests > 0 && elapsedMs > 0 ? stats.requests / (elapsedMs / 1000) : stats.requestsPerSecond;
	const remainingMs = fraction > 0 && fraction < 1 ? (elapsedMs / fraction) * (1 - fraction) : undefined;
	return [
		{text: count, keep: 9},
		{text: `${Math.floor(fraction * 100)}%`, keep: 8},
		{text: `${formatRate(rate)} req/s`, keep: 3},
		{text: formatClock(elapsedMs), keep: 1},
		{text: `ETA ${remainingMs === undefined ? '-' : formatClock(remainingMs)}`, keep: 2},
	];
}

/** What fits beside the bar: the least important parts dropped first. */
export function fitParts(parts: readonly Part[], room: number): string[] {
	const shown = [...parts];
	const length = () => shown.reduce((sum, part) => sum + part.text.length + 2, 0);
	while (shown.length > 1 && length() > room) {
		const weakest = shown.reduce((low, part) => (part.keep < low.keep ? part : low));
		shown.splice(shown.indexOf(weakest), 1);
	}

	return shown.map((part) => part.text);
}

/** `████░░░░  523/1000  52%  812 req/s  0:03  ETA 0:03  2 failed`, fitted to the width. */
export default function ProgressBar({stats, width, elapsedMs = stats.elapsedMs}: Props) {
	const theme = useTheme();
	if (stats.state === 'warmup' || stats.state === 'pending') {
		return (
			<Box width={width}>
				<Text wrap="truncate-end" {...theme.tone('dim')}>
					{stats.state === 'warmup' ? 'warming up (not measured)…' : 'waiting…'}
				</Text>
			</Box>
		);
	}

	const failed = stats.failed > 0 ? `  ${stats.failed} failed` : '';
	const parts = fitParts(progressParts(stats, elapsedMs), width - failed.length - minimumBar - 1);
	const text = parts.map((part) => `  ${part}`).join('');
	const barWidth = Math.max(0, width - text.length - failed.length);
	const filled = Math.round(progressFraction(stats) * barWidth);
	return (
		<Box width={width}>
			<Text wrap="truncate-end">
				<Text {...theme.tone('good')}>{'█'.repeat(filled)}</Text>
				<Text {...theme.tone('dim')}>{'░'.repeat(barWidth - filled)}</Text>
				<Text>{text}</Text>
				<Text {...theme.tone('bad')}>{failed}</Text>
			</Text>
		</Box>
	);
}
