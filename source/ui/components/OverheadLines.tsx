import {Text} from 'ink';
import {noVerdictText, overheadText} from '../../report/format-comparison.js';
import type {ComparisonRow} from '../../stats/comparison.js';
import {truncate} from '../format.js';
import {useTheme} from '../theme.js';

export type Props = {
	/** The gateways, judged against the direct path (the first endpoint); empty until the first judgement. */
	readonly rows: readonly ComparisonRow[];
	/** Names to numbers, as the rows above call the endpoints. */
	readonly numberOf: (name: string) => string;
	/** Gateways: one line each, even before a judgement. */
	readonly count: number;
	readonly width: number;
};

/**
 * An overhead run's live lines, one per gateway: what it adds to TTFB, TTFT and the whole request
 * (`2 adds TTFB +0.58 ms [+0.02, +1.05] p99 +2.73 · TTFT … · total …`), pair by pair, and its flags.
 */
export default function OverheadLines({rows, numberOf, count, width}: Props) {
	const theme = useTheme();
	return Array.from({length: count}, (_, index) => {
		const row = rows[index];
		const shown = overheadText(row);
		if (!row || !shown) {
			return (
				<Text key={index} wrap="truncate-end" {...theme.tone('dim')}>
					{truncate(noVerdictText(index + 2, true, false), width)}
				</Text>
			);
		}

		return (
			<Text key={index} wrap="truncate-end">
				<Text {...theme.tone('accent')}>{`${numberOf(row.name)} `}</Text>
				<Text {...theme.tone(shown.tone)}>{shown.text}</Text>
			</Text>
		);
	});
}
