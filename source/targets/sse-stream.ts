import {StringDecoder} from 'node:string_decoder';
import {elapsedUs, nowNs} from '../engine/clock.js';
import type {HttpResponse} from '../transport/http-types.js';
import {BodyTooLargeError} from '../transport/consume-body.js';
import {eventReader, type EventMeaning, type StreamFormat} from './stream-formats.js';
import {matchTemplate, templateOf, type EventTemplate} from './event-template.js';
import {SseFramer} from './sse-frames.js';

/** What a stream has brought so far; complete once `readStream` resolves, partial if it throws. */
export type StreamReading = {
	bytes: number;
	/** SSE events of any kind parsed, and the first characters of the body (to say what a non-stream reply was). */
	events: number;
	/** The chunks the body came in. */
	reads: number;
	/** Events decoded and parsed in full; the others were recognised from their bytes. */
	parsed: number;
	head: string;
	/** The first generated token of any kind (TTFT). */
	firstContentNs?: bigint;
	/** The first token of the visible answer, after any reasoning (time to first answer token). */
	firstAnswerNs?: bigint;
	lastContentNs?: bigint;
	contentEvents: number;
	gapsUs: number[];
	/** The last usage figure the stream sent. */
	outputTokens?: number;
	/** A usage figure fell below an earlier one. */
	usageFell: boolean;
	reasoningTokens?: number;
	inputTokens?: number;
	cacheReadTokens?: number;
	cacheWriteTokens?: number;
	terminal: boolean;
	error?: string;
	errorMessage?: string;
	badJson: boolean;
	/** The first model the stream named. */
	model?: string;
	/** A conversation's turn: the answer's text, gathered (every event is then read in full). */
	answer?: string[];
	/** Called once this many content events have arrived (a cancellation after so many tokens); what comes after is not read. */
	stopAfter?: {readonly events: number; readonly stop: () => void};
	stopped?: boolean;
};

export const newStreamReading = (): StreamReading => ({
	bytes: 0,
	events: 0,
	reads: 0,
	parsed: 0,
	head: '',
	contentEvents: 0,
	gapsUs: [],
	usageFell: false,
	terminal: false,
	badJson: false,
});

/**
 * The usage figures contradict what arrived: zero while content came, or a figure lower than an
 * earlier one (LiteLLM's legacy completions send `completion_tokens: 0` in every chunk).
 */
export const usageContradicted = (reading: StreamReading): boolean => reading.usageFell || (reading.outputTokens === 0 && reading.contentEvents > 0);

/** Characters of a reply kept to say what it was, when it was not the stream asked for. */
const headLength = 200;

/** Bytes one SSE event may buffer before the stream counts as a fault. */
const eventBufferCap = 1024 * 1024;

/**
 * Reads an SSE body incrementally into `reading`, time-stamping each content event as it is parsed
 * (not per network chunk), so TTFT and inter-token gaps are what a client would see; events of a
 * chunk that came with the headers and waited for the reader are stamped with its arrival (a
 * gateway that holds the headers back sends both at once, and the reader's setting up is not its
 * time). If the body fails half-way, `reading` keeps what had arrived. `shortcuts`: false reads
 * every event in full, decoded and parsed (the tests hold the shortcuts to that).
 */
export async function readStream(
	response: HttpResponse,
	format: StreamFormat,
	cap: number,
	reading = newStreamReading(),
	shortcuts = true,
): Promise<StreamReading> {
	// A conversation needs the answer's words: each event is read in full then.
	const fast = shortcuts && reading.answer === undefined;
	const read = eventReader(format, fast);
	// Sourcegraph's legacy events mean something by their text's length: each is read in full.
	const templates = fast && format !== 'sourcegraph';
	let template: EventTemplate | undefined;
	const headDecoder = new StringDecoder('utf8');
	let chunkArrivedNs: bigint | undefined;
	const meaningOf = (name: string | undefined, bytes: Buffer, start: number, end: number): EventMeaning => {
		const known = template && matchTemplate(template, name, bytes, start, end);
		if (known) return known;
		reading.parsed++;
		const data = bytes.toString('utf8', start, end);
		const meaning = read(name, data);
		if (templates) template = templateOf(name, data, meaning) ?? template;
		return meaning;
	};

	const framer = new SseFramer((name, bytes, start, end) => {
		reading.events++;
		if (reading.terminal || reading.stopped) return;
		const meaning = meaningOf(name, bytes, start, end);
		if (meaning.text !== undefined) reading.answer?.push(meaning.text);
		if (meaning.content) {
			const now = chunkArrivedNs ?? nowNs();
			if (reading.lastContentNs === undefined) reading.firstContentNs = now;
			else reading.gapsUs.push(elapsedUs(reading.lastContentNs, now));
			if (meaning.content === 'answer' && reading.firstAnswerNs === undefined) reading.firstAnswerNs = now;
			reading.lastContentNs = now;
			if (meaning.content !== 'tool-start') reading.contentEvents++;
			if (reading.stopAfter && reading.contentEvents >= reading.stopAfter.events) {
				reading.stopped = true;
				reading.stopAfter.stop();
			}
		}

		if (meaning.outputTokens !== undefined) {
			if (reading.outputTokens !== undefined && meaning.outputTokens < reading.outputTokens) reading.usageFell = true;
			reading.outputTokens = meaning.outputTokens;
		}

		if (meaning.reasoningTokens !== undefined) reading.reasoningTokens = meaning.reasoningTokens;
		if (meaning.inputTokens !== undefined) reading.inputTokens = meaning.inputTokens;
		if (meaning.cacheReadTokens !== undefined) reading.cacheReadTokens = meaning.cacheReadTokens;
		if (meaning.cacheWriteTokens !== undefined) reading.cacheWriteTokens = meaning.cacheWriteTokens;
		if (meaning.badJson) reading.badJson = true;
		if (meaning.model !== undefined) reading.model ??= meaning.model;
		if (meaning.error !== undefined && reading.error === undefined) {
			reading.error = meaning.error;
			reading.errorMessage = meaning.errorMessage;
		}

		if (meaning.terminal) reading.terminal = true;
	}, eventBufferCap);

	await response.consume(cap, (chunk, arrivedNs) => {
		reading.bytes += chunk.length;
		reading.reads++;
		// The first characters say what a reply that is not a stream was (a byte-order mark dropped).
		if (reading.head.length < headLength)
			reading.head = (reading.head + headDecoder.write(chunk.subarray(0, headLength))).replace(/^\uFEFF/, '').slice(0, headLength);
		chunkArrivedNs = arrivedNs;
		framer.push(chunk);
		chunkArrivedNs = undefined;
		if (framer.overflowed) throw new BodyTooLargeError(eventBufferCap);
	});
	return reading;
}
