import {HTTPParser} from 'http-parser-js';

/** The fields of http-parser-js's parser its HEADER state reads and writes (not in its types). */
type ParserState = {
	chunk: Buffer;
	offset: number;
	end: number;
	line: string;
	state: string;
	body_bytes: number | null;
	info: {headers: string[]; versionMajor?: number; versionMinor?: number; statusCode?: number; statusMessage?: string};
};

type StateStep = (this: ParserState) => unknown;

const lf = 0x0a;
const zero = 0x30;
const nine = 0x39;
const cr = 0x0d;
const space = 0x20;
const tab = 0x09;
/** A header block longer than this (from the first header line to its empty line) is the stock state's. */
const maxBlockBytes = 4096;
/** The encodings in which a byte is a character, so the string's indexes are the bytes' (http-parser-js decodes as 'ascii'). */
const singleByte = new Set(['ascii', 'latin1', 'binary']);

/**
 * A header line, as http-parser-js's `/^([^: \t]+):[ \t]*((?:.*[^ \t])|)/` reads it, its name and
 * value pushed onto `read`: the name up to the colon (no space or tab in it), the value without the
 * spaces and tabs around it. False for anything else (a folded line, a space before the colon, no
 * colon, a CR inside): the stock state's.
 */
function readHeader(text: string, start: number, end: number, read: string[]): boolean {
	const colon = text.indexOf(':', start);
	if (colon <= start || colon >= end) return false;
	for (let index = start; index < colon; index++) {
		const code = text.charCodeAt(index);
		if (code === space || code === tab) return false;
	}

	const carriage = text.indexOf('\r', start);
	if (carriage !== -1 && carriage < end) return false;
	let from = colon + 1;
	let to = end;
	while (from < to && (text.charCodeAt(from) === space || text.charCodeAt(from) === tab)) from++;
	while (to > from && (text.charCodeAt(to - 1) === space || text.charCodeAt(to - 1) === tab)) to--;
	read.push(text.slice(start, colon), text.slice(from, to));
	return true;
}

const isDigit = (byte: number | undefined): byte is number => byte !== undefined && byte >= zero && byte <= nine;

/**
 * The status line, as http-parser-js's `/^HTTP\/(\d)\.(\d) (\d{3}) ?(.*)$/` reads it, where it is
 * whole in this read; false for anything else (the stock state's: a split line, an empty one, a
 * malformed one, a CR inside).
 */
function readStatusLine(state: ParserState): boolean {
	const {chunk, offset, end} = state;
	const newline = chunk.indexOf(lf, offset);
	if (newline === -1 || newline >= end) return false;
	const lineEnd = newline > offset && chunk[newline - 1] === cr ? newline - 1 : newline;
	// `HTTP/`, byte by byte (Buffer#compare with offsets costs a call into C++ each reply).
	if (
		lineEnd - offset < 12 ||
		chunk[offset] !== 0x48 ||
		chunk[offset + 1] !== 0x54 ||
		chunk[offset + 2] !== 0x54 ||
		chunk[offset + 3] !== 0x50 ||
		chunk[offset + 4] !== 0x2f
	) {
		return false;
	}
	const major = chunk[offset + 5];
	const minor = chunk[offset + 7];
	const hundreds = chunk[offset + 9];
	const tens = chunk[offset + 10];
	const units = chunk[offset + 11];
	if (!isDigit(major) || chunk[offset + 6] !== 0x2e || !isDigit(minor) || chunk[offset + 8] !== space) return false;
	if (!isDigit(hundreds) || !isDigit(tens) || !isDigit(units)) return false;
	const reasonStart = lineEnd > offset + 12 && chunk[offset + 12] === space ? offset + 13 : offset + 12;
	const carriage = chunk.indexOf(cr, offset);
	if (carriage !== -1 && carriage < lineEnd) return false;
	const statusCode = (hundreds - zero) * 100 + (tens - zero) * 10 + (units - zero);
	const info = state.info;
	info.versionMajor = major - zero;
	info.versionMinor = minor - zero;
	info.statusCode = statusCode;
	info.statusMessage = chunk.toString(HTTPParser.encoding as BufferEncoding, reasonStart, lineEnd);
	// Implied zero length, as the stock state has it.
	if (((statusCode / 100) | 0) === 1 || statusCode === 204 || statusCode === 304) state.body_bytes = 0;
	state.offset = newline + 1;
	state.state = 'HEADER';
	return true;
}

/**
 * http-parser-js reads a reply's head a line at a time: a string made of each line, a regular
 * expression run on it, a call of its state machine per line; for a ping's status line and eight
 * headers that was a tenth of the client's CPU. The status line is read on its bytes; where the whole
 * header block is in one read, it is read in one pass: made a string once, its lines found and split
 * with indexOf. The empty line
 * that ends the block is left to the stock state, which judges the headers (length, chunked, keep-alive,
 * upgrade) and calls back as it always does. Anything unusual (a line split across reads, a folded
 * line, a malformed one) goes to the stock state, so the result is the stock parser's in every case
 * (held to it in the tests on every split of many header blocks, odd ones among them).
 */
export function speedUpHeaders(parser: object): void {
	const states = parser as unknown as Record<string, StateStep>;
	const stock = states['HEADER'] as StateStep;
	const stockStatusLine = states['RESPONSE_LINE'] as StateStep;
	states['RESPONSE_LINE'] = function (this: ParserState) {
		if (this.line !== '' || !readStatusLine(this)) return stockStatusLine.call(this);
		return undefined;
	};

	// A block the fast path turned down is read by the stock state to its end.
	let declined = false;
	const byStock = (state: ParserState) => {
		declined = true;
		const result = stock.call(state);
		if (state.state !== 'HEADER') declined = false;
		return result;
	};

	states['HEADER'] = function (this: ParserState) {
		const {chunk, offset, end} = this;
		if (declined || this.line !== '' || !singleByte.has(HTTPParser.encoding)) return byStock(this);
		// Decoded as the stock state decodes each line (a byte a character), at most the first few KB.
		const text = chunk.toString(HTTPParser.encoding as BufferEncoding, offset, Math.min(end, offset + maxBlockBytes));
		const read: string[] = [];
		for (let start = 0; ;) {
			const newline = text.indexOf('\n', start);
			if (newline === -1) return byStock(this);
			const lineEnd = newline > start && text.charCodeAt(newline - 1) === cr ? newline - 1 : newline;
			if (lineEnd === start) {
				// The empty line that ends the block: the stock state's, to judge the headers.
				const headers = this.info.headers;
				for (const value of read) headers.push(value);
				this.offset = offset + start;
				return stock.call(this);
			}

			if (!readHeader(text, start, lineEnd, read)) return byStock(this);
			start = newline + 1;
		}
	};
}
