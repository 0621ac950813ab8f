export type Tone = 'good' | 'middle' | 'bad' | 'dim' | 'plain';

const codes: Record<Exclude<Tone, 'plain'>, string> = {good: '32', middle: '33', bad: '31', dim: '2'};

/** Colour for plain-text output; the console uses Ink's colours instead. */
export const paint = (text: string, tone: Tone, enabled: boolean): string =>
	enabled && tone !== 'plain' ? `\u001B[${codes[tone]}m${text}\u001B[39;22m` : text;

/** Colour only when writing to a terminal and NO_COLOR is not set (no-color.org). */
export const colourWanted = (stream: {isTTY?: boolean}, env: NodeJS.ProcessEnv = process.env): boolean =>
	Boolean(stream.isTTY) && (env['NO_COLOR'] ?? '') === '' && env['TERM'] !== 'dumb';

/**
 * Ranks a column: the best value is good, the worst bad, the rest middle.
 * Missing values and columns where all values are equal stay plain.
 */
export function rankTones(values: readonly (number | undefined)[], higherIsBetter: boolean): Tone[] {
	const present = values.filter((value): value is number => value !== undefined);
	if (present.length < 2) return values.map(() => 'plain');
	const best = higherIsBetter ? Math.max(...present) : Math.min(...present);
	const worst = higherIsBetter ? Math.min(...present) : Math.max(...present);
	if (best === worst) return values.map(() => 'plain');
	return values.map((value) => (value === undefined ? 'plain' : value === best ? 'good' : value === worst ? 'bad' : 'middle'));
}
