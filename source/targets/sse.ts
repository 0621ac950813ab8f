import {createParser} from 'eventsource-parser';
import {elapsedUs, nowNs} from '../engine/clock.js';
import type {HttpResponse} from '../transport/types.js';
import {BodyTooLargeError} from '../transport/consume-body.js';
import {eventReader, type StreamFormat} from './stream-formats.js';

export type StreamReading = {
	readonly bytes: number;
	/** The first generated token of any kind (TTFT). */
	readonly firstContentNs?: bigint;
	/** The first token of the visible answer, after any reasoning (time to first answer token). */
	readonly firstAnswerNs?: bigint;
	readonly lastContentNs?: bigint;
	readonly contentEvents: number;
	readonly gapsUs: number[];
	/** The last usage figure the stream sent. */
	readonly outputTokens?: number;
	/**
	 * The usage figures contradict what arrived: zero while content came, or a figure lower than
	 * an earlier one (LiteLLM's legacy completions send `completion_tokens: 0` in every chunk).
	 */
	readonly usageContradicted: boolean;
	readonly reasoningTokens?: number;
	readonly inputTokens?: number;
	readonly cacheReadTokens?: number;
	readonly cacheWriteTokens?: number;
	readonly terminal: boolean;
	readonly error?: string;
	readonly errorMessage?: string;
	readonly badJson: boolean;
};

/**
 * SSE lines may end in CRLF, LF or a bare CR. eventsource-parser 3 holds a line whose CR ends a
 * chunk until the next chunk shows whether LF follows, so a bare-CR stream had every event late by
 * one chunk and lost its last one (4.x needs Node 22). Ending lines in LF as chunks arrive lets each
 * event go when its bytes do; a CR at a chunk's end drops the LF that may start the next.
 */
export function lineEndingsToLf(): (text: string) => string {
	let endedInCr = false;
	return (text) => {
		const rest = endedInCr && text.startsWith('\n') ? text.slice(1) : text;
		endedInCr = rest.endsWith('\r');
		return rest.includes('\r') ? rest.replace(/\r\n?/g, '\n') : rest;
	};
}

/** Characters one SSE event may buffer before the stream counts as a fault. */
const eventBufferCap = 1024 * 1024;

/**
 * Reads an SSE body incrementally, time-stamping each content event as it is parsed
 * (not per network chunk), so TTFT and inter-token gaps are what a client would see.
 */
export async function readStream(response: HttpResponse, format: StreamFormat, cap: number): Promise<StreamReading> {
	const read = eventReader(format);
	const decoder = new TextDecoder();
	const toLf = lineEndingsToLf();
	const gapsUs: number[] = [];
	let firstContentNs: bigint | undefined;
	let firstAnswerNs: bigint | undefined;
	let lastContentNs: bigint | undefined;
	let contentEvents = 0;
	let outputTokens: number | undefined;
	let usageFell = false;
	let reasoningTokens: number | undefined;
	let inputTokens: number | undefined;
	let cacheReadTokens: number | undefined;
	let cacheWriteTokens: number | undefined;
	let terminal = false;
	let error: string | undefined;
	let errorMessage: string | undefined;
	let badJson = false;

	let overflow = false;
	const parser = createParser({
		// One event larger than this is a fault, not a token: memory stays bounded.
		maxBufferSize: eventBufferCap,
		onError(error) {
			if (error.type === 'max-buffer-size-exceeded') overflow = true;
		},
		onEvent({event, data}) {
			if (terminal) return;
			const meaning = read(event, data);
			if (meaning.content) {
				const now = nowNs();
				if (lastContentNs === undefined) firstContentNs = now;
				else gapsUs.push(elapsedUs(lastContentNs, now));
				if (meaning.content === 'answer' && firstAnswerNs === undefined) firstAnswerNs = now;
				lastContentNs = now;
				contentEvents++;
			}

			if (meaning.outputTokens !== undefined) {
				if (outputTokens !== undefined && meaning.outputTokens < outputTokens) usageFell = true;
				outputTokens = meaning.outputTokens;
			}

			if (meaning.reasoningTokens !== undefined) reasoningTokens = meaning.reasoningTokens;
			if (meaning.inputTokens !== undefined) inputTokens = meaning.inputTokens;
			if (meaning.cacheReadTokens !== undefined) cacheReadTokens = meaning.cacheReadTokens;
			if (meaning.cacheWriteTokens !== undefined) cacheWriteTokens = meaning.cacheWriteTokens;
			if (meaning.badJson) badJson = true;
			if (meaning.error !== undefined && error === undefined) {
				error = meaning.error;
				errorMessage = meaning.errorMessage;
			}
			if (meaning.terminal) terminal = true;
		},
	});

	const bytes = await response.consume(cap, (chunk) => {
		parser.feed(toLf(decoder.decode(chunk, {stream: true})));
		if (overflow) throw new BodyTooLargeError(eventBufferCap);
	});
	parser.feed(toLf(decoder.decode()));
	parser.reset({consume: true});
	const usageContradicted = usageFell || (outputTokens === 0 && contentEvents > 0);
	return {
		bytes,
		firstContentNs,
		firstAnswerNs,
		lastContentNs,
		contentEvents,
		gapsUs,
		outputTokens,
		usageContradicted,
		reasoningTokens,
		inputTokens,
		cacheReadTokens,
		cacheWriteTokens,
		terminal,
		error,
		errorMessage,
		badJson,
	};
}
