import {Text} from 'ink';
import {noVerdictText, pairedVerdictText, pairedVerdictTone, verdictFigures, verdictText, verdictTone} from '../../report/format-comparison.js';
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
	return Array.from({length: count}, (_, index) => {
		const row = rows[index];
		const figures = verdictFigures(row, ttft);
		if (!row || !figures) {
			return (
				<Text key={index} wrap="truncate-end" {...theme.tone('dim')}>
					{truncate(noVerdictText(index + 2, ttft, final), width)}
				</Text>
			);
		}

		const against = <Text {...theme.tone('accent')}>{`${numberOf(row.name)} vs ${numberOf(row.baseline)}  `}</Text>;
		if (figures.paired) {
			const [, , p99] = figures.metric.figures;
			return (
				<Text key={index} wrap="truncate-end">
					{against}
					<Text {...theme.tone(pairedVerdictTone(figures.metric))}>{pairedVerdictText(figures.label, figures.metric, final)}</Text>
					{p99 && Number.isFinite(p99.differenceMs) ? (
						<Text {...theme.tone('dim')}>{` · p99 ${p99.differenceMs >= 0 ? '+' : ''}${p99.differenceMs.toFixed(1)} ms`}</Text>
					) : null}
				</Text>
			);
		}

		return (
			<Text key={index} wrap="truncate-end">
				{against}
				<Text {...theme.tone(verdictTone(figures.pair.p50))}>{verdictText(`${figures.label} p50`, figures.pair.p50, final)}</Text>
				<Text {...theme.tone('dim')}> · </Text>
				<Text {...theme.tone(verdictTone(figures.pair.p95))}>{verdictText('p95', figures.pair.p95, final)}</Text>
			</Text>
		);
	});
}
