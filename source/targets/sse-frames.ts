/**
 * Server-sent events framed on bytes, as the standard reads them (and eventsource-parser 3, which
 * this replaces on the measured path): lines end in CRLF, LF or a bare CR; a blank line ends an
 * event, which is handed over only when it had `data`; several `data` lines join with LF; one space
 * after the colon is dropped; comments, `id` and `retry` mean nothing to a benchmark; a UTF-8
 * byte-order mark at the start is dropped. An event's data is handed over as bytes, undecoded: most
 * events are recognised without ever becoming a string (event-template.ts).
 *
 * A line can never split a UTF-8 character (no byte of a multi-byte character is CR or LF), so
 * cutting on bytes and decoding whole values gives what decoding first would.
 */

const LF = 10;
const CR = 13;
const COLON = 58;
const SPACE = 32;
const bom = Buffer.from([0xef, 0xbb, 0xbf]);

/** One event: its name (`event:`), and its data in `bytes` from `start` to `end`, valid only while the callback runs. */
export type SseEventHandler = (name: string | undefined, bytes: Buffer, start: number, end: number) => void;

/** Is bytes[start, end) the field name `data`? */
const isData = (bytes: Buffer, start: number, end: number): boolean =>
	end - start === 4 && bytes[start] === 0x64 && bytes[start + 1] === 0x61 && bytes[start + 2] === 0x74 && bytes[start + 3] === 0x61;

/** Is bytes[start, end) the field name `event`? */
const isEvent = (bytes: Buffer, start: number, end: number): boolean =>
	end - start === 5 &&
	bytes[start] === 0x65 &&
	bytes[start + 1] === 0x76 &&
	bytes[start + 2] === 0x65 &&
	bytes[start + 3] === 0x6e &&
	bytes[start + 4] === 0x74;

export class SseFramer {
	/** An unfinished line's bytes (a copy: chunks are reused once handed over). */
	private pending: Buffer | undefined;
	/** The current event's first data line: bytes[start, end), a view into the chunk being read until that chunk is done, then a copy. */
	private first: Buffer | undefined;
	private firstStart = 0;
	private firstEnd = 0;
	/** Its further data lines (rare), copied. */
	private more: Buffer[] = [];
	private dataBytes = 0;
	private name: string | undefined;
	private started = false;
	/** The last chunk ended in CR: an LF opening the next one is the same line end. */
	private endedInCr = false;
	/** Set when one event or line outgrew the buffer cap: the caller treats the stream as a fault. */
	overflowed = false;

	private readonly onEvent: SseEventHandler;
	/** Bytes one event may buffer before the stream counts as a fault. */
	private readonly cap: number;

	constructor(onEvent: SseEventHandler, cap: number) {
		this.onEvent = onEvent;
		this.cap = cap;
	}

	push(chunk: Buffer): void {
		if (this.overflowed || chunk.length === 0) return;
		if (!this.started) {
			const head = this.pending ? Buffer.concat([this.pending, chunk]) : chunk;
			// Too short to tell whether it opens with a byte-order mark: wait for more.
			if (head.length < bom.length && bom.subarray(0, head.length).equals(head)) {
				this.pending = Buffer.from(head);
				return;
			}

			this.started = true;
			this.pending = undefined;
			chunk = head.subarray(0, bom.length).equals(bom) ? head.subarray(bom.length) : head;
		}

		let at = this.endedInCr && chunk[0] === LF ? 1 : 0;
		this.endedInCr = false;
		const crs = chunk.indexOf(CR, at) !== -1;
		while (at < chunk.length) {
			const lineEnd = crs ? lineEndOf(chunk, at) : chunk.indexOf(LF, at);
			if (lineEnd === -1) break;
			if (this.pending) {
				const line = Buffer.concat([this.pending, chunk.subarray(at, lineEnd)]);
				this.pending = undefined;
				this.line(line, 0, line.length);
			} else this.line(chunk, at, lineEnd);
			at = lineEnd + 1;
			if (chunk[lineEnd] === CR) {
				if (at === chunk.length) this.endedInCr = true;
				else if (chunk[at] === LF) at++;
			}
		}

		if (at < chunk.length) this.pending = this.pending ? Buffer.concat([this.pending, chunk.subarray(at)]) : Buffer.from(chunk.subarray(at));
		// A data line still viewing this chunk is copied before the chunk is reused.
		if (this.first === chunk) {
			this.first = Buffer.from(chunk.subarray(this.firstStart, this.firstEnd));
			this.firstStart = 0;
			this.firstEnd = this.first.length;
		}

		if ((this.pending?.length ?? 0) + this.dataBytes > this.cap) this.overflowed = true;
	}

	private line(bytes: Buffer, start: number, end: number): void {
		if (start === end) {
			this.dispatch();
			return;
		}

		// `data:`, the most of every stream, read without looking for the colon.
		if (bytes[start + 4] === COLON && isData(bytes, start, start + 4)) {
			this.data(bytes, bytes[start + 5] === SPACE ? start + 6 : start + 5, end);
			return;
		}

		if (bytes[start] === COLON) return;
		const colon = bytes.indexOf(COLON, start);
		const fieldEnd = colon === -1 || colon > end ? end : colon;
		const valueStart = fieldEnd === end ? end : bytes[fieldEnd + 1] === SPACE ? fieldEnd + 2 : fieldEnd + 1;
		if (isData(bytes, start, fieldEnd)) this.data(bytes, valueStart, end);
		else if (isEvent(bytes, start, fieldEnd)) this.name = valueStart === end ? undefined : bytes.toString('utf8', valueStart, end);
	}

	private data(bytes: Buffer, start: number, end: number): void {
		if (this.first === undefined) {
			this.first = bytes;
			this.firstStart = start;
			this.firstEnd = end;
		} else this.more.push(Buffer.from(bytes.subarray(start, end)));
		this.dataBytes += end - start + 1;
	}

	private dispatch(): void {
		const {first, name} = this;
		this.first = undefined;
		this.dataBytes = 0;
		this.name = undefined;
		if (first === undefined) return;
		if (this.more.length === 0) {
			this.onEvent(name, first, this.firstStart, this.firstEnd);
			return;
		}

		const lines = [first.subarray(this.firstStart, this.firstEnd), ...this.more];
		this.more = [];
		const joined = Buffer.concat(lines.flatMap((line, index) => (index === 0 ? [line] : [lineFeed, line])));
		this.onEvent(name, joined, 0, joined.length);
	}
}

const lineFeed = Buffer.from('\n');

/** Where the line from `at` ends: its first CR or LF, or -1. */
function lineEndOf(chunk: Buffer, at: number): number {
	const lf = chunk.indexOf(LF, at);
	const cr = chunk.indexOf(CR, at);
	if (cr === -1) return lf;
	return lf === -1 || cr < lf ? cr : lf;
}
