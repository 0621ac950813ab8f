import {type Key, useInput} from 'ink';

type Handler = (input: string, key: Key) => void;

const lineEnds = new Set(['\r', '\n']);

/**
 * Ink's useInput, one key at a time. Keys that reach the terminal in one burst (a paste, tmux
 * `send-keys 'URL' Enter`, fast typing over a slow SSH link) arrive as one event: `http://…\r`,
 * or `jj`, where no handler would see the Enter or the second j. Plain text is handed on a
 * character at a time, a line end as Enter; escape sequences (arrows, Esc) already come one each.
 */
export function useKeys(handler: Handler, options: {readonly isActive?: boolean} = {}): void {
	useInput((input, key) => {
		if (input.length <= 1 || key.ctrl || key.meta || input.startsWith('\u001B')) {
			handler(input, key);
			return;
		}

		for (const char of input) handler(lineEnds.has(char) ? '' : char, {...key, return: lineEnds.has(char)});
	}, options);
}
