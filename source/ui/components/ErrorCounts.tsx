import {Box, Text} from 'ink';
import {truncate} from '../format.js';
import {useTheme} from '../theme.js';

export type Props = {
	/** Failed requests by kind, e.g. `{http_500: 3, timeout: 1}`. */
	readonly errors: Readonly<Record<string, number>>;
	readonly width: number;
};

/** Kinds, most frequent first: `http_500 3 · timeout 1`. */
export const errorText = (errors: Readonly<Record<string, number>>): string =>
	Object.entries(errors)
		.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
		.map(([kind, count]) => `${kind} ${count}`)
		.join(' · ');

/** One line of failures by kind; always present, so the layout does not move when the first one comes. */
export default function ErrorCounts({errors, width}: Props) {
	const theme = useTheme();
	const text = errorText(errors);
	return (
		<Box width={width}>
			<Text wrap="truncate-end">
				<Text {...theme.tone('dim')}>errors </Text>
				{text ? <Text {...theme.tone('bad')}>{truncate(text, width - 7)}</Text> : <Text {...theme.tone('dim')}>none</Text>}
			</Text>
		</Box>
	);
}
