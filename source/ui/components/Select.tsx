import {Box} from 'ink';
import {useKeys} from '../use-keys.js';
import {useRef, useState} from 'react';
import ChoiceItem, {ChoiceIndicator} from './ChoiceItem.js';

export type SelectItem = {readonly value: string; readonly label: string};

export type Props = {
	readonly items: readonly SelectItem[];
	/** @default 0 */
	readonly initialIndex?: number;
	/** Read keys; false when stdin is not a terminal. @default true */
	readonly isFocused?: boolean;
	readonly onHighlight?: (item: SelectItem) => void;
	readonly onSelect: (item: SelectItem) => void;
	/** Only arrows and Enter: letters and digits go to a text field beside it (a filter). @default false */
	readonly arrowsOnly?: boolean;
};

/**
 * One choice: ↑/↓ or j/k move (wrapping), 1–9 pick directly, Enter confirms. The cursor lives
 * in a ref as well as in state: keys that arrive in one chunk (fast typing, a paste, a slow SSH
 * link) are handled one after another before React re-renders, and each must see the last move.
 */
export default function Select({items, initialIndex = 0, isFocused = true, onHighlight, onSelect, arrowsOnly = false}: Props) {
	const first = Math.min(Math.max(initialIndex, 0), Math.max(items.length - 1, 0));
	const cursor = useRef(first);
	const [shown, setShown] = useState(first);
	const move = (to: number) => {
		cursor.current = (to + items.length) % items.length;
		setShown(cursor.current);
		const item = items[cursor.current];
		if (item) onHighlight?.(item);
	};

	useKeys(
		(input, key) => {
			if (items.length === 0) return;
			if (key.upArrow || (!arrowsOnly && input === 'k')) move(cursor.current - 1);
			else if (key.downArrow || (!arrowsOnly && input === 'j')) move(cursor.current + 1);
			else if (!arrowsOnly && /^[1-9]$/.test(input)) {
				const item = items[Number(input) - 1];
				if (item) onSelect(item);
			} else if (key.return) {
				const item = items[cursor.current];
				if (item) onSelect(item);
			}
		},
		{isActive: isFocused},
	);

	return (
		<Box flexDirection="column">
			{items.map((item, index) => (
				<Box key={item.value}>
					<ChoiceIndicator isSelected={index === shown} />
					<ChoiceItem isSelected={index === shown} label={item.label} />
				</Box>
			))}
		</Box>
	);
}
