import {stripVTControlCharacters} from 'node:util';

/** Key presses as a terminal sends them. */
export const keys = {arrowUp: '\u001B[A', arrowDown: '\u001B[B', enter: '\r', escape: '\u001B', ctrlC: '\u0003'} as const;

export const strip = (frame: string | undefined): string => stripVTControlCharacters(frame ?? '');

export const lines = (frame: string | undefined): string[] => strip(frame).split('\n');

/** Terminal cells of the widest line (every glyph used here is one cell wide). */
export const widest = (frame: string | undefined): number => Math.max(0, ...lines(frame).map((line) => Array.from(line).length));

/**
 * Polls until `check` passes, yielding to React's scheduler between tries (Shopify cli-kit's
 * waitForContent): no fixed sleeps, so a slow machine only takes longer.
 */
export async function waitFor(check: () => boolean, what = 'condition', timeoutMs = 5000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!check()) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await tick();
	}

	// A frame is written on commit, before React's passive effects: Ink's useInput subscribes
	// in one, so give it a turn before the next key is sent.
	await tick();
}

const tick = async () => {
	await new Promise((resolve) => setImmediate(resolve));
	await new Promise((resolve) => setTimeout(resolve, 0));
};

type Rendered = {readonly lastFrame: () => string | undefined; readonly frames: readonly string[]; readonly stdin: {write: (data: string) => void}};

export const waitForText = (instance: Rendered, text: string, timeoutMs?: number) =>
	waitFor(() => strip(instance.lastFrame()).includes(text), `"${text}" in:\n${strip(instance.lastFrame())}`, timeoutMs);

/** Sends one key and waits until it has been drawn, so the next key reaches the updated handlers. */
export async function press(instance: Rendered, key: string): Promise<void> {
	const before = instance.frames.length;
	instance.stdin.write(key);
	await waitFor(() => instance.frames.length > before, `a frame after ${JSON.stringify(key)}`);
}

/* eslint-disable no-control-regex -- reading ANSI colour sequences */
/** The foreground colour code (31 red, 32 green…) in force where `text` starts in `line`, or undefined. */
export function colourAt(line: string, text: string): number | undefined {
	let plain = '';
	const colours: Array<number | undefined> = [];
	let current: number | undefined;
	for (const part of line.split(/(\u001B\[[\d;]*m)/)) {
		const code = /^\u001B\[([\d;]*)m$/.exec(part)?.[1];
		if (code === undefined) {
			plain += part;
			for (const _ of part) colours.push(current);
			continue;
		}

		for (const value of code.split(';').map(Number)) {
			if (value >= 30 && value <= 37) current = value;
			else if (value === 39 || value === 0) current = undefined;
		}
	}

	const index = plain.indexOf(text);
	return index < 0 ? undefined : colours[index];
}
