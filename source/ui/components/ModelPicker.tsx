import {Box, Text} from 'ink';
import {useEffect, useRef, useState} from 'react';
import {truncate} from '../format.js';
import {useTheme} from '../theme.js';
import LineInput from './LineInput.js';
import Select from './Select.js';

export type Props = {
	/** Asks the server for its list: once, when the question comes up. */
	readonly models: () => Promise<readonly string[]>;
	/** Preselected, and offered even when the server does not list it (or cannot be asked). */
	readonly preselected: string | undefined;
	/** Where the list comes from, for the waiting line. */
	readonly from: string;
	readonly width: number;
	readonly isFocused: boolean;
	readonly onPick: (model: string) => void;
};

type Listed = {readonly models: readonly string[]; readonly problem?: string};

/**
 * The server's list, or why there is none: never a rejected promise. A rejection with no handler
 * yet (the picker drawn and dropped before its effect ran) would end the process with a stack trace.
 */
const settled = async (models: () => Promise<readonly string[]>): Promise<Listed> =>
	models().then(
		(names) => ({models: names}),
		(error: unknown) => ({models: [], problem: error instanceof Error ? error.message : String(error)}),
	);

/** Lines of matching models shown at once: typing narrows the list. */
const shownModels = 8;

/**
 * A model from the server's own list: typing filters (any part of the name, any case), ↑/↓ move,
 * Enter picks. The preselected model comes first; the server's order is kept after it.
 */
export default function ModelPicker({models, preselected, from, width, isFocused, onPick}: Props) {
	const theme = useTheme();
	const [listed, setListed] = useState<Listed | undefined>(undefined);
	const [filter, setFilter] = useState('');
	// The filter as typed, ahead of the last frame: an Enter in the same burst as the text picks from what it matches.
	const typed = useRef('');
	const [listing] = useState(async () => settled(models));
	useEffect(() => {
		let current = true;
		void listing.then((result) => current && setListed(result));
		return () => {
			current = false;
		};
	}, [listing]);

	if (!listed) return <Text {...theme.tone('dim')}>{truncate(`listing the models of ${from}…`, width)}</Text>;
	const all = preselected && !listed.models.includes(preselected) ? [preselected, ...listed.models] : [...listed.models];
	const ordered = preselected ? [preselected, ...all.filter((name) => name !== preselected)] : all;
	const matchesOf = (text: string) => ordered.filter((name) => name.toLowerCase().includes(text.trim().toLowerCase()));
	const wanted = filter.trim().toLowerCase();
	const matching = matchesOf(filter);
	const pick = (name: string) => {
		const now = matchesOf(typed.current);
		onPick(now.includes(name) ? name : (now[0] ?? name));
	};
	const items = matching.slice(0, shownModels).map((name) => ({value: name, label: name}));
	return (
		<Box flexDirection="column" width={width}>
			{listed.problem ? (
				<Text wrap="truncate-end" {...theme.tone('middle')}>
					{truncate(`could not list models: ${listed.problem}`, width)}
				</Text>
			) : null}
			<Box>
				<Text {...theme.tone('dim')}>filter: </Text>
				<LineInput
					placeholder="type to narrow the list"
					isDisabled={!isFocused}
					onChange={(text) => {
						typed.current = text;
						setFilter(text);
					}}
				/>
			</Box>
			<Select key={wanted} items={items} isFocused={isFocused} arrowsOnly onSelect={(item) => pick(item.value)} />
			<Text wrap="truncate-end" {...theme.tone('dim')}>
				{matching.length > items.length
					? `${matching.length - items.length} more: type to narrow`
					: matching.length === 0
						? 'none matches: Backspace widens the filter'
						: `${listed.models.length} listed by the server`}
			</Text>
		</Box>
	);
}
