import {HTTPParser} from 'http-parser-js';
import {describe, expect, it} from 'vitest';
import {mulberry32} from '../../source/engine/random.js';
import {speedUpHeaders} from '../../source/transport/header-fast-path.js';
import {expectStockOnEverySplit, parse} from '../helpers/http-parser.js';

const ping =
	'HTTP/1.1 200 OK\r\nX-Trace: 408620e56b693553000000000010c8e1\r\ncontent-type: text/plain; charset=utf-8\r\ncontent-length: 4\r\nDate: Mon, 07 Dec 2026 23:46:30 GMT\r\nConnection: keep-alive\r\nKeep-Alive: timeout=65\r\n\r\npong';

/** Header blocks servers send, and ones they should not: every one must read as the stock parser reads it. */
const replies: Record<string, string> = {
	'a ping, as the mock answers it': ping,
	'two replies on one connection': ping + ping,
	'chunked, then sized': 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n' + ping,
	'no space after the colon, tabs and spaces around values': 'HTTP/1.1 200 OK\r\na:1\r\nb: \t two words \t\r\nc:\r\nd:   \r\ncontent-length: 0\r\n\r\n',
	'LF-only line ends': 'HTTP/1.1 200 OK\nx-a: 1\ncontent-length: 2\n\nok',
	'a folded header line': 'HTTP/1.1 200 OK\r\nx-long: first\r\n  second part\r\n\tthird\r\ncontent-length: 0\r\n\r\n',
	'a space before the colon': 'HTTP/1.1 200 OK\r\nx-bad : 1\r\ncontent-length: 0\r\n\r\n',
	'a line with no colon': 'HTTP/1.1 200 OK\r\nnot a header\r\ncontent-length: 0\r\n\r\n',
	'a lone CR inside a value': 'HTTP/1.1 200 OK\r\nx-cr: a\rb\r\ncontent-length: 0\r\n\r\n',
	'CR CR LF': 'HTTP/1.1 200 OK\r\nx-cr: a\r\r\ncontent-length: 0\r\n\r\n',
	'colons in the value': 'HTTP/1.1 200 OK\r\nlocation: http://a:1/b:c\r\ncontent-length: 0\r\n\r\n',
	'high bytes and UTF-8 in values': 'HTTP/1.1 200 OK\r\nx-name: caf\u00e9 \u00ff\r\ncontent-length: 0\r\n\r\n',
	'duplicate content-length, equal': 'HTTP/1.1 200 OK\r\ncontent-length: 3\r\nContent-Length: 3\r\n\r\nabc',
	'duplicate content-length, different': 'HTTP/1.1 200 OK\r\ncontent-length: 3\r\ncontent-length: 4\r\n\r\nabcd',
	'Connection: close on HTTP/1.1, keep-alive on HTTP/1.0':
		'HTTP/1.1 200 OK\r\nConnection: close\r\ncontent-length: 0\r\n\r\nHTTP/1.0 200 OK\r\nConnection: keep-alive\r\ncontent-length: 0\r\n\r\n',
	'upgrade on a 101': 'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n',
	'103 early hints first': 'HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\n' + ping,
	'no headers at all': 'HTTP/1.1 204 No Content\r\n\r\n',
	'read until close': 'HTTP/1.1 200 OK\r\nx-a: 1\r\n\r\nthe rest',
	'empty name': 'HTTP/1.1 200 OK\r\n: value\r\ncontent-length: 0\r\n\r\n',
	'status lines: no reason, a fourth digit, HTTP/1.0 and 2.0, a high byte':
		'HTTP/1.1 200\r\ncontent-length: 0\r\n\r\nHTTP/1.1 2000 OK\r\ncontent-length: 0\r\n\r\nHTTP/1.0 200 OK\r\ncontent-length: 0\r\n\r\nHTTP/2.0 404 Not \u00e9 Found \r\ncontent-length: 0\r\n\r\n',
	'status line with two spaces': 'HTTP/1.1  200 OK\r\ncontent-length: 0\r\n\r\n',
	'status line with two digits': 'HTTP/1.1 20 OK\r\ncontent-length: 0\r\n\r\n',
	'status line in lower case': 'http/1.1 200 OK\r\ncontent-length: 0\r\n\r\n',
	'a CR inside the reason': 'HTTP/1.1 200 O\rK\r\ncontent-length: 0\r\n\r\n',
	'an empty line before the status line': '\r\nHTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n',
	'a 304 and a 1xx with no length': 'HTTP/1.1 304 Not Modified\r\n\r\nHTTP/1.1 100 Continue\r\n\r\n' + ping,
	'a header block longer than the fast path reads': `HTTP/1.1 200 OK\r\nx-big: ${'v'.repeat(5000)}\r\ncontent-length: 0\r\n\r\n`,
	'many headers': `HTTP/1.1 200 OK\r\n${Array.from({length: 140}, (_, index) => `x-h${index}: ${index}\r\n`).join('')}content-length: 0\r\n\r\n`,
};

/** Header blocks made at random from the characters that matter: separators, spaces, tabs, CR, LF, colons, high bytes. */
function fuzzedReplies(count: number, random: () => number): string[] {
	const pieces = [
		'a',
		'Z',
		'-',
		':',
		' ',
		'\t',
		'\r',
		'\n',
		'\r\n',
		'\u00e9',
		'value',
		'x-key',
		'content-length',
		'Connection',
		'close',
		'keep-alive',
		'0',
		'1.1',
		'200',
		'.',
	];
	const line = () => Array.from({length: 1 + Math.floor(random() * 8)}, () => pieces[Math.floor(random() * pieces.length)]).join('');
	return Array.from({length: count}, () => {
		const lines = Array.from({length: Math.floor(random() * 6)}, () => (random() < 0.7 ? `x-${line()}: ${line()}` : line()));
		const status = random() < 0.8 ? 'HTTP/1.1 200 OK' : `HTTP/${line()} ${line()}`;
		return `${status}\r\n${lines.join('\r\n')}\r\ncontent-length: 2\r\n\r\nok`;
	});
}

describe("the raw transport's header-block fast path", () => {
	it('reports what the stock http-parser-js reports, however the bytes are split into packets', () => {
		const compared = expectStockOnEverySplit(replies, {headers: true, chunked: true}, 29);
		expect(compared).toBeGreaterThan(5000);
	});

	it('reads a fuzzed corpus of header blocks as the stock parser does, whole and split', () => {
		const random = mulberry32(31);
		const corpus = fuzzedReplies(3000, random);
		let taken = 0;
		for (const text of corpus) {
			const whole = [Buffer.from(text, 'latin1')];
			const stock = parse(whole, {});
			expect(parse(whole, {headers: true}), JSON.stringify(text)).toEqual(stock);
			if (stock.error === undefined) taken++;
			const cut = Math.floor(random() * text.length);
			const split = [whole[0]!.subarray(0, cut), whole[0]!.subarray(cut)];
			expect(parse(split, {headers: true}), `${JSON.stringify(text)} cut at ${cut}`).toEqual(parse(split, {}));
		}

		// The corpus holds both blocks the parser takes and ones it refuses.
		expect(taken).toBeGreaterThan(300);
		expect(taken).toBeLessThan(corpus.length);
	});

	it('reads a status line and a whole block in one pass: no line read as a string of its own, no per-line regular expression', () => {
		const parser = new HTTPParser(HTTPParser.RESPONSE);
		const seen: string[][] = [];
		parser[HTTPParser.kOnHeadersComplete] = (info) => {
			seen.push(info.headers);
		};

		parser[HTTPParser.kOnBody] = () => undefined;
		parser[HTTPParser.kOnMessageComplete] = () => undefined;
		speedUpHeaders(parser);
		const lineParser = parser as unknown as {parseHeader: (this: unknown, ...args: unknown[]) => unknown; consumeLine: (this: unknown) => unknown};
		const stockParseHeader = lineParser.parseHeader;
		const stockConsumeLine = lineParser.consumeLine;
		let linesParsed = 0;
		let linesRead = 0;
		lineParser.parseHeader = function (this: unknown, ...args: unknown[]) {
			linesParsed++;
			return stockParseHeader.apply(this, args);
		};
		lineParser.consumeLine = function (this: unknown) {
			linesRead++;
			return stockConsumeLine.call(this);
		};

		parser.execute(Buffer.from(ping));
		expect(seen[0]?.slice(0, 4)).toEqual(['X-Trace', '408620e56b693553000000000010c8e1', 'content-type', 'text/plain; charset=utf-8']);
		expect(linesParsed).toBe(0);
		// Only the empty line that ends the block, for the stock state's judgement.
		expect(linesRead).toBe(1);
		// A folded line is the stock state's: it reads the block line by line.
		parser.execute(Buffer.from('HTTP/1.1 200 OK\r\nx-a: 1\r\n b\r\ncontent-length: 0\r\n\r\n'));
		expect(seen[1]).toEqual(['x-a', '1 b', 'content-length', '0']);
		expect(linesParsed).toBe(3);
	});
});
