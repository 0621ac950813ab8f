import {Box, Text} from 'ink';
import {truncate} from '../format.js';
import {type UiTone, useTheme} from '../theme.js';
import {type Range, sparklineLines} from './sparkline-lines.js';

export type Props = {
	/** Oldest first, ms. */
	readonly values: readonly number[];
	readonly title: string;
	/** Characters available; no line is longer. */
	readonly width: number;
	/** Lines of the chart, the title line not counted. */
	readonly height: number;
	/** @default 'accent' */
	readonly tone?: UiTone;
	/** The axis, shared with the charts it is compared with; the series' own by default. */
	readonly range?: Range;
	/** Indexes of `values` where a phase of the load began. */
	readonly marks?: readonly number[];
};

/** A title line and an asciichart plot of recent values, fitted to the width it is given. */
export default function Sparkline({values, title, width, height, tone = 'accent', range, marks}: Props) {
	const theme = useTheme();
	const lines = sparklineLines(values, width, height, range, marks);
	return (
		<Box flexDirection="column" width={width}>
			<Text wrap="truncate-end" {...theme.tone('dim')}>
				{truncate(title, width)}
			</Text>
			{lines.map((line, index) => (
				// A blank line still takes its row, so the screen does not jump while data arrives.
				<Text key={index} wrap="truncate-end" {...theme.tone(tone)}>
					{line || ' '}
				</Text>
			))}
		</Box>
	);
}
