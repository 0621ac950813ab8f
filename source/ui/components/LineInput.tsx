import {Text} from 'ink';
import {useRef, useState} from 'react';
import {useTheme} from '../theme.js';
import {useKeys} from '../use-keys.js';

export type Props = {
	readonly placeholder: string;
	/** @default false */
	readonly isDisabled?: boolean;
	readonly onChange?: (value: string) => void;
	/** Enter: the text as typed so far, even when the Enter came in the same burst as the text. */
	readonly onSubmit?: (value: string) => void;
};

/**
 * A one-line text field. The text lives in a ref as well as in state: the keys of one burst are
 * handled one after another before React draws again, and an Enter among them must submit what
 * was typed before it, not what was last drawn.
 */
export default function LineInput({placeholder, isDisabled = false, onChange, onSubmit}: Props) {
	const theme = useTheme();
	const text = useRef('');
	const [shown, setShown] = useState('');
	const set = (value: string) => {
		text.current = value;
		setShown(value);
		onChange?.(value);
	};

	useKeys(
		(input, key) => {
			if (key.return) onSubmit?.(text.current);
			else if (key.backspace || key.delete) set(text.current.slice(0, -1));
			else if (input && !key.ctrl && !key.meta && !key.escape && !key.tab && input >= ' ') set(text.current + input);
		},
		{isActive: !isDisabled},
	);

	return shown ? (
		<Text>
			{shown}
			{isDisabled ? '' : <Text inverse> </Text>}
		</Text>
	) : (
		<Text>
			{isDisabled ? '' : <Text inverse>{placeholder.slice(0, 1)}</Text>}
			<Text {...theme.tone('dim')}>{isDisabled ? placeholder : placeholder.slice(1)}</Text>
		</Text>
	);
}
