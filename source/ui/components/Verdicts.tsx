import {Text} from 'ink';
import {pairedVerdictText, pairedVerdictTone, verdictText, verdictTone} from '../../report/format-comparison.js';
import type {ComparisonRow} from '../../stats/comparison.js';
import {truncate} from '../format.js';
import {useTheme} from '../theme.js';

export type Props = {
	/** The endpoints after the first, judged against it; empty until the first judgement. */
	readonly rows: readonly ComparisonRow[];
	/** Names to numbers, as the rows above call the endpoints. */
	readonly numberOf: (name: string) => string;
	/** Judge TTFT (streams) rather than latency. */
	readonly ttft: boolean;
	/** Endpoints after the first: one line each, even before a judgement. */
	readonly count: number;
	readonly width: number;
	/** The run is over: say "no clear difference", not "… yet". */
	readonly final?: boolean;
};

/**
 * One line per endpoint against the first: pair by pair in an interleaved run (`2 vs 1  TTFT p50
 * +31.0 ms [+29.2, +33.1] slower in 150/150 pairs · p99 …`), else the unpaired difference of the
 * percentiles (`… · p95 …`).
 */
export default function Verdicts({rows, numberOf, ttft, count, width, final = false}: Props) {
	const theme = useTheme();
	const label = ttft ? 'TTFT' : 'latency';
	return Array.from({length: count}, (_, index) => {
		const row = rows[index];
		const paired = row?.paired?.metrics;
		const pairedMetric = paired && ((ttft ? paired.ttft : undefined) ?? paired.latency);
		if (row && pairedMetric) {
			const [, , p99] = pairedMetric.figures;
			return (
				<Text key={index} wrap="truncate-end">
					<Text {...theme.tone('accent')}>{`${numberOf(row.name)} vs ${numberOf(row.baseline)}  `}</Text>
					<Text {...theme.tone(pairedVerdictTone(pairedMetric))}>
						{pairedVerdictText(pairedMetric === paired.ttft ? 'TTFT' : 'latency', pairedMetric, final)}
					</Text>
					{p99 && Number.isFinite(p99.differenceMs) ? (
						<Text {...theme.tone('dim')}>{` · p99 ${p99.differenceMs >= 0 ? '+' : ''}${p99.differenceMs.toFixed(1)} ms`}</Text>
					) : null}
				</Text>
			);
		}

		const pair = row && ((ttft ? row.ttft : undefined) ?? row.latency);
		if (!row || !pair) {
			return (
				<Text key={index} wrap="truncate-end" {...theme.tone('dim')}>
					{truncate(
						final ? `${index + 2} vs 1  nothing to judge: too few replies from both` : `${index + 2} vs 1  judging ${label} once both have replies…`,
						width,
					)}
				</Text>
			);
		}

		return (
			<Text key={index} wrap="truncate-end">
				<Text {...theme.tone('accent')}>{`${numberOf(row.name)} vs ${numberOf(row.baseline)}  `}</Text>
				<Text {...theme.tone(verdictTone(pair.p50))}>{verdictText(`${pair === row.ttft ? 'TTFT' : 'latency'} p50`, pair.p50, final)}</Text>
				<Text {...theme.tone('dim')}> · </Text>
				<Text {...theme.tone(verdictTone(pair.p95))}>{verdictText('p95', pair.p95, final)}</Text>
			</Text>
		);
	});
}
