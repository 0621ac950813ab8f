import {createReadStream, readFileSync} from 'node:fs';

/**
 * A small RFC 4180 parser (quoted cells, doubled quotes, CRLF or LF): rows as arrays of strings.
 * @param {string} text @returns {string[][]}
 */
export function parseCsv(text) {
	/** @type {string[][]} */
	const rows = [];
	/** @type {string[]} */
	let row = [];
	let cell = '';
	let quoted = false;
	for (let i = 0; i < text.length; i++) {
		const ch = text[i];
		if (quoted) {
			if (ch === '"') {
				if (text[i + 1] === '"') {
					cell += '"';
					i++;
				} else quoted = false;
			} else cell += ch;
		} else if (ch === '"') quoted = true;
		else if (ch === ',') {
			row.push(cell);
			cell = '';
		} else if (ch === '\n' || ch === '\r') {
			if (ch === '\r' && text[i + 1] === '\n') i++;
			row.push(cell);
			rows.push(row);
			row = [];
			cell = '';
		} else cell += ch;
	}

	if (cell !== '' || row.length > 0) {
		row.push(cell);
		rows.push(row);
	}

	return rows;
}

/**
 * The aggregate CSV as objects keyed by header.
 * @param {string} path @returns {Array<Record<string, string | undefined>>}
 */
export function readAggregateCsv(path) {
	const [header = [], ...rows] = parseCsv(readFileSync(path, 'utf8'));
	return rows.map((row) => Object.fromEntries(header.map((name, i) => [name, row[i]])));
}

/** Counts lines (newline bytes, plus a last unterminated line) without loading the file. */
/** @param {string} path @returns {Promise<number>} */
export function countLines(path) {
	return new Promise((resolve, reject) => {
		let lines = 0;
		/** @type {number | undefined} */
		let last = 10;
		createReadStream(path, {highWaterMark: 1 << 20})
			.on('data', (/** @type {string | Buffer} */ chunk) => {
				if (typeof chunk === 'string') chunk = Buffer.from(chunk);
				for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
				last = chunk[chunk.length - 1];
			})
			.on('end', () => resolve(lines + (last === 10 ? 0 : 1)))
			.on('error', reject);
	});
}
