import {Text} from 'ink';
import {useTheme} from '../theme.js';

export type Props = {
	/** Pairs of key and what it does, e.g. `['q', 'stop']`. */
	readonly hints: ReadonlyArray<readonly [key: string, meaning: string]>;
	/** Said before the keys, e.g. what is happening right now. */
	readonly status?: string;
};

/** The footer: which keys do what. */
export default function KeyHints({hints, status}: Props) {
	const theme = useTheme();
	return (
		<Text wrap="truncate-end">
			{status ? <Text {...theme.tone('middle')}>{`${status}  `}</Text> : null}
			{hints.map(([key, meaning], index) => (
				<Text key={key}>
					{index > 0 ? <Text {...theme.tone('dim')}> · </Text> : null}
					<Text bold {...theme.tone('accent')}>
						{key}
					</Text>
					<Text {...theme.tone('dim')}>{` ${meaning}`}</Text>
				</Text>
			))}
		</Text>
	);
}
