import {Box, Text} from 'ink';
import {useKeys} from '../use-keys.js';
import {useRef, useState} from 'react';
import {useTheme} from '../theme.js';
import {ChoiceIndicator, widestChoiceName} from './ChoiceItem.js';

export type MultiSelectItem = {readonly value: string; readonly label: string; readonly description: string};

export type Props = {
	readonly items: readonly MultiSelectItem[];
	/** Read keys; false when stdin is not a terminal. @default true */
	readonly isFocused?: boolean;
	/** After every change, with the selected values in the items' order. */
	readonly onChange?: (values: readonly string[]) => void;
	/** Enter, with at least one value selected, in the items' order. */
	readonly onSubmit: (values: readonly string[]) => void;
	/** Selected at first. @default every item */
	readonly initiallySelected?: readonly string[];
	/** Items that do something rather than being ticked ("add a URL…"): Space or Enter on one calls `onAction`. */
	readonly actions?: readonly string[];
	readonly onAction?: (value: string) => void;
	/** Where the cursor starts. @default 0 */
	readonly initialCursor?: number;
};

export const multiSelectHints = [
	['↑/↓', 'move'],
	['Space', 'toggle'],
	['a', 'all'],
	['Enter', 'confirm'],
] as const;

export const noneSelected = 'choose at least one: Space selects, a selects all';

/** Any number of items, all selected at first: ↑/↓ move, Space toggles one, `a` all, Enter confirms. */
export default function MultiSelect({items, isFocused = true, onChange, onSubmit, initiallySelected, actions = [], onAction, initialCursor = 0}: Props) {
	const theme = useTheme();
	// Refs beside state: keys arriving in one chunk are handled before React re-renders (see Select).
	const cursorRef = useRef(initialCursor);
	const [all] = useState<ReadonlySet<string>>(() => new Set(initiallySelected ?? items.map((item) => item.value)));
	const selectedRef = useRef(all);
	const [cursor, setCursor] = useState(initialCursor);
	const [selected, setSelected] = useState(all);
	const [warned, setWarned] = useState(false);
	const inOrder = (set: ReadonlySet<string>) => items.map((item) => item.value).filter((value) => set.has(value));
	const change = (next: ReadonlySet<string>) => {
		selectedRef.current = next;
		setSelected(next);
		setWarned(false);
		onChange?.(inOrder(next));
	};

	useKeys(
		(input, key) => {
			const count = items.length;
			const moveTo = (index: number) => {
				cursorRef.current = (index + count) % count;
				setCursor(cursorRef.current);
			};

			const current = selectedRef.current;
			const focused = items[cursorRef.current]?.value;
			if (key.upArrow) moveTo(cursorRef.current - 1);
			else if (key.downArrow) moveTo(cursorRef.current + 1);
			else if ((input === ' ' || key.return) && focused !== undefined && actions.includes(focused)) onAction?.(focused);
			else if (input === ' ') {
				const value = items[cursorRef.current]?.value;
				if (value === undefined) return;
				const next = new Set(current);
				if (!next.delete(value)) next.add(value);
				change(next);
			} else if (input === 'a') {
				const choosable = items.map((item) => item.value).filter((value) => !actions.includes(value));
				change(new Set(current.size === choosable.length ? [] : choosable));
			} else if (key.return) {
				if (current.size === 0) setWarned(true);
				else onSubmit(inOrder(current));
			}
		},
		{isActive: isFocused},
	);

	const nameWidth = Math.max(0, ...items.map((item) => item.label.length).filter((length) => length <= widestChoiceName));
	return (
		<Box flexDirection="column">
			{items.map((item, index) => (
				<Box key={item.value}>
					<ChoiceIndicator isSelected={index === cursor} />
					<Text wrap="truncate-end">
						<Text {...theme.tone(selected.has(item.value) ? 'accent' : 'dim')}>
							{actions.includes(item.value) ? '    ' : selected.has(item.value) ? '[x] ' : '[ ] '}
						</Text>
						<Text bold={index === cursor} {...theme.tone(index === cursor ? 'accent' : 'plain')}>
							{item.label.padEnd(nameWidth)}
						</Text>
						<Text {...theme.tone('dim')}>{`  ${item.description}`}</Text>
					</Text>
				</Box>
			))}
			{warned ? (
				<Text wrap="truncate-end" {...theme.tone('bad')}>
					{noneSelected}
				</Text>
			) : null}
		</Box>
	);
}
