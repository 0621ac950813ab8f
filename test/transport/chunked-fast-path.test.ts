import {HTTPParser} from 'http-parser-js';
import {describe, expect, it} from 'vitest';
import {expectStockOnEverySplit} from '../helpers/http-parser.js';
import {speedUpChunkedBodies} from '../../source/transport/chunked-fast-path.js';

const head = 'HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n';
const chunk = (data: string, extension = '') => `${Buffer.byteLength(data).toString(16)}${extension}\r\n${data}\r\n`;
const events = (count: number) => Array.from({length: count}, (_, index) => chunk(`data: {"choices":[{"delta":{"content":"tok${index}"}}]}\n\n`)).join('');

/** Bodies a server may send: plain, with extensions and upper-case sizes, trailers, two replies on one connection, and broken ones. */
const bodies: Record<string, string> = {
	stream: head + events(20) + '0\r\n\r\n',
	'extensions and upper-case hex': head + chunk('x'.repeat(300), ';name=value') + '12C\r\n' + 'y'.repeat(300) + '\r\n0\r\n\r\n',
	'zero-padded size': head + '0001a\r\n' + 'z'.repeat(26) + '\r\n0\r\n\r\n',
	trailers: head + events(3) + '0\r\nx-usage: 12\r\nx-other: 1\r\n\r\n',
	'two replies, one connection': head + events(2) + '0\r\n\r\n' + head + events(2) + '0\r\n\r\n',
	'content-length reply then chunked': 'HTTP/1.1 200 OK\r\ncontent-length: 5\r\n\r\nhello' + head + events(2) + '0\r\n\r\n',
	'no CRLF after the data': head + '5\r\nhelloXX0\r\n\r\n',
	'size that is not hex': head + 'zz\r\nhello\r\n0\r\n\r\n',
	'size with spaces before it': head + ' 5\r\nhello\r\n0\r\n\r\n',
	'0x prefix': head + '0x5\r\nhello\r\n0\r\n\r\n',
	'LF only line ends': head + '5\nhello\n0\n\n',
	'huge size': head + 'ffffffffffffffff\r\nabc',
};

describe('the chunked-body fast path of the raw transport', () => {
	it('reports what the stock http-parser-js reports, however the bytes are split into packets', () => {
		const compared = expectStockOnEverySplit(bodies, {chunked: true}, 17);
		expect(compared).toBeGreaterThan(3000);
	});

	it('takes the fast states for a stream of one event a packet: no chunk-size line read as a string', () => {
		const parser = new HTTPParser(HTTPParser.RESPONSE);
		const seen: string[] = [];
		parser[HTTPParser.kOnHeadersComplete] = () => undefined;
		parser[HTTPParser.kOnBody] = () => seen.push('stock');
		parser[HTTPParser.kOnMessageComplete] = () => undefined;
		speedUpChunkedBodies(parser, (body) => seen.push(body.toString()));
		parser.execute(Buffer.from(head));
		const lineReader = parser as unknown as {consumeLine: (this: unknown) => unknown};
		const stockLine = lineReader.consumeLine;
		let linesRead = 0;
		lineReader.consumeLine = function (this: unknown) {
			linesRead++;
			return stockLine.call(this);
		};

		for (const event of ['data: a\n\n', 'data: bb\n\n', 'data: ccc\n\n']) parser.execute(Buffer.from(chunk(event)));
		expect(seen).toEqual(['data: a\n\n', 'data: bb\n\n', 'data: ccc\n\n']);
		expect(linesRead).toBe(0);
	});
});
