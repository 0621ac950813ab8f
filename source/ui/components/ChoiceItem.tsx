import {Box, Text} from 'ink';
import {useTheme} from '../theme.js';

export type Props = {
	readonly isSelected?: boolean;
	/** `name\tdescription`: one label carries both. */
	readonly label: string;
};

/** Names wider than this (a comparison file's path) run into their description rather than push every other one right. */
export const widestChoiceName = 24;

export const choiceLabel = (name: string, description: string, nameWidth: number): string => `${name.padEnd(nameWidth)}\t${description}`;

/** One choice of a Setup question: its name, and what it means in one dim line. */
export default function ChoiceItem({isSelected = false, label}: Props) {
	const theme = useTheme();
	const [name = '', description = ''] = label.split('\t');
	return (
		<Text wrap="truncate-end">
			<Text bold={isSelected} {...theme.tone(isSelected ? 'accent' : 'plain')}>
				{name}
			</Text>
			<Text {...theme.tone('dim')}>{`  ${description}`}</Text>
		</Text>
	);
}

/** The pointer before the highlighted choice, in the theme's colours (none under NO_COLOR). */
export function ChoiceIndicator({isSelected = false}: {readonly isSelected?: boolean}) {
	const theme = useTheme();
	// Fixed width: a long description must not squeeze the pointer's column.
	return (
		<Box width={2} flexShrink={0}>
			<Text {...theme.tone('accent')}>{isSelected ? '›' : ' '}</Text>
		</Box>
	);
}
