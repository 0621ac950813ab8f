import {HTTPParser} from 'http-parser-js';
import {expect} from 'vitest';
import {mulberry32} from '../../source/engine/random.js';
import {speedUpChunkedBodies} from '../../source/transport/chunked-fast-path.js';
import {speedUpHeaders} from '../../source/transport/header-fast-path.js';

/** The raw transport's fast states a parser is given: none (the stock parser), or some of them. */
export type FastStates = {readonly chunked?: boolean; readonly headers?: boolean};

export type Parsed = {events: string[]; error?: string};

/** Parses the packets with a parser (fast states or stock) and says what it reported, in order. */
export function parse(packets: readonly Buffer[], fast: FastStates): Parsed {
	const parser = new HTTPParser(HTTPParser.RESPONSE);
	const events: string[] = [];
	let body: Buffer[] = [];
	const flushBody = () => {
		if (body.length > 0) events.push(`body ${Buffer.concat(body).toString('latin1')}`);
		body = [];
	};

	parser[HTTPParser.kOnHeadersComplete] = (info) => {
		events.push(
			`headers HTTP/${info.versionMajor}.${info.versionMinor} ${info.statusCode} ${JSON.stringify(info.statusMessage)} ${info.headers.join('|')} keep-alive ${info.shouldKeepAlive} upgrade ${info.upgrade}`,
		);
	};

	parser[HTTPParser.kOnBody] = (chunk, offset, length) => {
		body.push(chunk.subarray(offset, offset + length));
	};

	parser[HTTPParser.kOnHeaders] = (trailers) => {
		events.push(`trailers ${trailers.join('|')}`);
	};

	parser[HTTPParser.kOnMessageComplete] = () => {
		flushBody();
		events.push('complete');
	};

	if (fast.chunked) speedUpChunkedBodies(parser, (chunk) => body.push(chunk));
	if (fast.headers) speedUpHeaders(parser);
	for (const packet of packets) {
		const result = parser.execute(packet);
		if (result instanceof Error) return {events, error: result.message};
	}

	flushBody();
	return {events};
}

/** Every way of cutting `text` in two, and random cuts into many packets. */
export function splits(text: string, random: () => number): Buffer[][] {
	const bytes = Buffer.from(text, 'latin1');
	const cuts: Buffer[][] = [[bytes]];
	for (let at = 1; at < bytes.length; at++) cuts.push([bytes.subarray(0, at), bytes.subarray(at)]);
	for (let round = 0; round < 200; round++) {
		const packets: Buffer[] = [];
		for (let at = 0; at < bytes.length;) {
			const size = 1 + Math.floor(random() * 40);
			packets.push(bytes.subarray(at, at + size));
			at += size;
		}

		cuts.push(packets);
	}

	return cuts;
}

/**
 * Holds the fast states to the stock parser on every named reply, cut every way `splits` cuts it
 * (random cuts drawn from `seed`); returns how many packet sequences were compared.
 */
export function expectStockOnEverySplit(replies: Readonly<Record<string, string>>, fast: FastStates, seed: number): number {
	const random = mulberry32(seed);
	let compared = 0;
	for (const [name, text] of Object.entries(replies)) {
		for (const packets of splits(text, random)) {
			expect(parse(packets, fast), `${name}, packets of ${packets.map((packet) => packet.length).join(',')}`).toEqual(parse(packets, {}));
			compared++;
		}
	}

	return compared;
}
