import {Box, Text} from 'ink';
import KeyHints from '../components/KeyHints.js';
import {truncate} from '../format.js';
import {useTheme} from '../theme.js';

export type Props = {
	readonly client: string;
	/** What the calibration printed so far, oldest first. */
	readonly lines: readonly string[];
	/** Its end: the ceiling's line, or why there is none; undefined while it runs. */
	readonly outcome?: {readonly line: string; readonly kept: boolean};
	readonly width: number;
	readonly height: number;
};

/**
 * `gatebench calibrate` run from the results (`c`): its steps as they are measured, then the
 * ceiling it kept, which the results then measure the run against.
 */
export default function Calibrating({client, lines, outcome, width, height}: Props) {
	const theme = useTheme();
	// Title, blank, outcome and key hints around the steps.
	const shown = lines.slice(-Math.max(1, height - 5));
	return (
		<Box flexDirection="column" width={width}>
			<Text wrap="truncate-end">
				<Text bold>{`calibrating the ${client} client on this machine`}</Text>
				<Text {...theme.tone('dim')}>{'  against the built-in mock, in a process of its own (about 40 s)'}</Text>
			</Text>
			<Text> </Text>
			{shown.map((line, index) => (
				<Text key={index} wrap="truncate-end" {...theme.tone(line.includes('not held') ? 'middle' : 'dim')}>
					{truncate(line, width)}
				</Text>
			))}
			{outcome ? (
				<Text wrap="truncate-end" {...theme.tone(outcome.kept ? 'good' : 'bad')}>
					{truncate(outcome.line, width)}
				</Text>
			) : null}
			<KeyHints hints={outcome ? [['Enter / Esc', 'back to the results']] : [['Esc', 'stop']]} />
		</Box>
	);
}
