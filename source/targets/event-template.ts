import type {EventMeaning} from './stream-formats.js';

/**
 * A stream's token events differ only in the text they carry: `{"id":"c1",…,"delta":{"content":"
 * Hello"},…}` then the same bytes around `" world"`. Once one such event has been read in full, the
 * next that has the same bytes before and after one string, and a valid non-empty JSON string
 * between them, means exactly what the first meant: JSON.parse would build the same value with
 * another string in that one place, and the readers look at these strings only for being non-empty.
 * So it is recognised by comparing bytes, without decoding or parsing it (the most of a stream's
 * cost on the client).
 */
export type EventTemplate = {
	readonly name: string | undefined;
	/** The bytes before the text, as a latin1 string (one character a byte). */
	readonly before: string;
	readonly beforeLength: number;
	/** The bytes after it. */
	readonly after: Buffer;
	readonly meaning: EventMeaning;
};

/**
 * Members whose string the readers only test for being non-empty (stream-formats.ts): a chat
 * delta's `content`, `reasoning_content`, `reasoning` and tool `arguments`; legacy completions' and
 * Anthropic's `text`; Anthropic's `thinking` and `partial_json`; the Responses API's `delta` (a
 * string there; chat's and Anthropic's `delta` is an object, which this never matches).
 */
const textKeys = ['content', 'text', 'reasoning_content', 'reasoning', 'arguments', 'thinking', 'partial_json', 'delta'].map((key) => `"${key}":"`);

/**
 * The template of an event just read in full: only a token event (no error, no end, nothing
 * unreadable), around the one occurrence of a text member whose value is non-empty.
 */
export function templateOf(name: string | undefined, data: string, meaning: EventMeaning): EventTemplate | undefined {
	if (meaning.content === undefined || meaning.content === 'tool-start' || meaning.error !== undefined || meaning.terminal || meaning.badJson) return undefined;
	for (const key of textKeys) {
		const at = data.indexOf(key);
		if (at === -1 || data.includes(key, at + 1)) continue;
		const start = at + key.length;
		const end = stringEnd(data, start);
		if (end === undefined || end === start) continue;
		const before = Buffer.from(data.slice(0, start));
		// The text is this event's own: an event matched later says all the rest, never its text.
		const {text: _text, ...kept} = meaning;
		return {name, before: before.toString('latin1'), beforeLength: before.length, after: Buffer.from(data.slice(end)), meaning: kept};
	}

	return undefined;
}

/** Where the JSON string whose body starts at `start` closes (its quote), or undefined. */
function stringEnd(data: string, start: number): number | undefined {
	for (let at = start; at < data.length; at++) {
		const code = data.charCodeAt(at);
		if (code === 0x22) return at;
		if (code === 0x5c) at++;
	}

	return undefined;
}

/** What the event in bytes[start, end) means when it fits the template, else undefined. */
export function matchTemplate(template: EventTemplate, name: string | undefined, bytes: Buffer, start: number, end: number): EventMeaning | undefined {
	const {before, after} = template;
	const textStart = start + template.beforeLength;
	const textEnd = end - after.length;
	if (textEnd <= textStart || name !== template.name) return undefined;
	// The short end byte by byte; the long start as a latin1 string (a native copy and compare: a
	// loop over a hundred bytes or Buffer.compare's argument checks cost about twice as much).
	for (let index = 0; index < after.length; index++) if (bytes[textEnd + index] !== after[index]) return undefined;
	if (bytes.toString('latin1', start, textStart) !== before) return undefined;
	return isStringBody(bytes, textStart, textEnd) ? template.meaning : undefined;
}

const hex = (code: number | undefined): boolean => code !== undefined && ((code >= 0x30 && code <= 0x39) || ((code | 0x20) >= 0x61 && (code | 0x20) <= 0x66));

/** Are bytes[start, end) a JSON string's body: no quote, no control character, only valid escapes? */
export function isStringBody(bytes: Buffer, start: number, end: number): boolean {
	for (let at = start; at < end; at++) {
		const code = bytes[at]!;
		if (code === 0x22 || code < 0x20) return false;
		if (code !== 0x5c) continue;
		const escaped = bytes[++at];
		if (escaped === 0x75) {
			if (at + 4 >= end || !hex(bytes[at + 1]) || !hex(bytes[at + 2]) || !hex(bytes[at + 3]) || !hex(bytes[at + 4])) return false;
			at += 4;
		} else if (
			at >= end ||
			!(
				escaped === 0x22 ||
				escaped === 0x5c ||
				escaped === 0x2f ||
				escaped === 0x62 ||
				escaped === 0x66 ||
				escaped === 0x6e ||
				escaped === 0x72 ||
				escaped === 0x74
			)
		)
			return false;
	}

	return true;
}
