import {Box, Text} from 'ink';
import type {EndpointStats} from '../../stats/endpoint-stats.js';
import {formatMs, formatRate, truncateMiddle} from '../format.js';
import {useTheme} from '../theme.js';

export type Props = {
	readonly stats: EndpointStats;
	readonly width: number;
	/** Names are padded to this, so that the rows line up. */
	readonly nameWidth: number;
};

/** Names are cut, down to this, before any figure is left out. */
const shortestName = 12;

/** A finished endpoint in one line: `✓ http(s): gateway  100/100  p50 1.23 p95 2.10 p99 3.00 ms  812/s`. */
export default function DoneRow({stats, width, nameWidth}: Props) {
	const theme = useTheme();
	const stopped = stats.planned !== undefined && stats.requests < stats.planned;
	const count = `${stats.successful}/${stats.requests}`;
	const {p50, p95, p99} = stats.latency;
	// Fewer percentiles on a narrow terminal, rather than a cut-off line.
	const options = [
		`p50 ${formatMs(p50)} p95 ${formatMs(p95)} p99 ${formatMs(p99)} ms`,
		`p50 ${formatMs(p50)} p99 ${formatMs(p99)} ms`,
		`p50 ${formatMs(p50)} ms`,
	];
	const room = (text: string) => width - 4 - count.length - 2 - text.length;
	const latency = stats.successful > 0 ? (options.find((text) => room(text) >= shortestName) ?? options.at(-1) ?? '') : 'no successes';
	const rate = `${formatRate(stats.requestsPerSecond)}/s${stopped ? ' stopped' : ''}`;
	// Mark, spaces and the gaps between the four parts.
	const fixed = 2 + 2 + count.length + 2 + latency.length;
	const withRate = width - fixed - 2 - rate.length >= shortestName;
	const nameRoom = Math.min(nameWidth, Math.max(shortestName, width - fixed - (withRate ? 2 + rate.length : 0)));
	const name = truncateMiddle(stats.info.name, nameRoom).padEnd(nameRoom);
	return (
		<Box width={width}>
			<Text wrap="truncate-end">
				<Text {...theme.tone(stopped ? 'middle' : 'good')}>{stopped ? '■' : '✓'}</Text>
				<Text>{` ${name}  `}</Text>
				<Text {...theme.tone(stats.failed > 0 ? 'bad' : 'plain')}>{count}</Text>
				<Text>{`  ${latency}`}</Text>
				{withRate ? <Text {...theme.tone('dim')}>{`  ${rate}`}</Text> : null}
			</Text>
		</Box>
	);
}
