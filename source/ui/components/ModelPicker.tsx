import {TextInput} from '@inkjs/ui';
import {Box, Text} from 'ink';
import {useEffect, useState} from 'react';
import {truncate} from '../format.js';
import {useTheme} from '../theme.js';
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

/** Lines of matching models shown at once: typing narrows the list. */
const shownModels = 8;

/**
 * A model from the server's own list: typing filters (any part of the name, any case), ↑/↓ move,
 * Enter picks. The preselected model comes first; the server's order is kept after it.
 */
export default function ModelPicker({models, preselected, from, width, isFocused, onPick}: Props) {
	const theme = useTheme();
	const [listed, setListed] = useState<{readonly models: readonly string[]; readonly problem?: string} | undefined>(undefined);
	const [filter, setFilter] = useState('');
	const [listing] = useState(models);
	useEffect(() => {
		let current = true;
		listing.then(
			(names) => current && setListed({models: names}),
			(error: unknown) => current && setListed({models: [], problem: error instanceof Error ? error.message : String(error)}),
		);
		return () => {
			current = false;
		};
	}, [listing]);

	if (!listed) return <Text {...theme.tone('dim')}>{truncate(`listing the models of ${from}…`, width)}</Text>;
	const all = preselected && !listed.models.includes(preselected) ? [preselected, ...listed.models] : [...listed.models];
	const ordered = preselected ? [preselected, ...all.filter((name) => name !== preselected)] : all;
	const wanted = filter.trim().toLowerCase();
	const matching = ordered.filter((name) => name.toLowerCase().includes(wanted));
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
				<TextInput placeholder="type to narrow the list" isDisabled={!isFocused} onChange={setFilter} />
			</Box>
			<Select key={wanted} items={items} isFocused={isFocused} arrowsOnly onSelect={(item) => onPick(item.value)} />
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
