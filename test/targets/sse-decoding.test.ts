import {describe, expect, it} from 'vitest';
import {nowNs} from '../../source/engine/clock.js';
import {readStream} from '../../source/targets/sse-stream.js';
import {BodySink} from '../../source/transport/body-sink.js';
import type {HttpResponse} from '../../source/transport/http-types.js';

/** A response whose body arrives as these byte chunks (each handed over and then overwritten, as the raw transport's shared buffer is). */
function replyOf(chunks: readonly Buffer[]): HttpResponse {
	return {
		status: 200,
		headers: {'content-type': 'text/event-stream'},
		consume: async (_cap, onChunk) => {
			let bytes = 0;
			for (const chunk of chunks) {
				const reused = Buffer.from(chunk);
				onChunk(reused);
				reused.fill(0x21);
				bytes += chunk.length;
			}

			return bytes;
		},
	};
}

const event = (content: string) => `data: ${JSON.stringify({choices: [{index: 0, delta: {content}}]})}\n\n`;

/** Every way of cutting the bytes in two. */
const cutsOf = (bytes: Buffer) => Array.from({length: bytes.length - 1}, (_, at) => [bytes.subarray(0, at + 1), bytes.subarray(at + 1)]);

describe('reading an SSE body as text', () => {
	it('drops a byte-order mark at the start, however the bytes are cut, and keeps the first event', async () => {
		const body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(event('a') + event('b') + 'data: [DONE]\n\n')]);
		for (const chunks of [[body], ...cutsOf(body).slice(0, 12)]) {
			const reading = await readStream(replyOf(chunks), 'openai', 1e6);
			expect(reading.contentEvents, `cut at ${chunks[0]?.length}`).toBe(2);
			expect(reading.head.startsWith('data: ')).toBe(true);
		}
	});

	it('joins a character split across chunks, and reads a chunk before its memory is reused', async () => {
		const body = Buffer.from(event('héllo ✓ 🙂') + event('2') + 'data: [DONE]\n\n');
		for (const chunks of cutsOf(body)) {
			const reading = await readStream(replyOf(chunks), 'openai', 1e6);
			expect(reading.contentEvents).toBe(2);
			expect(reading.badJson).toBe(false);
		}
	});
});

describe('timing a token that came with the headers', () => {
	it('stamps it when it arrived, not when the reader got to it; a later one when it is read', async () => {
		const sink = new BodySink(() => undefined);
		// Headers and the first token in one packet: the body's part waits for the reader.
		sink.push(Buffer.from(event('a')));
		const beforeReading = nowNs();
		const reading = readStream({status: 200, headers: {'content-type': 'text/event-stream'}, consume: sink.consume}, 'openai', 1e6);
		await new Promise((resolve) => setImmediate(resolve));
		const beforeSecond = nowNs();
		sink.push(Buffer.from(event('b') + 'data: [DONE]\n\n'));
		sink.end();
		const {firstContentNs, lastContentNs, contentEvents} = await reading;
		expect(contentEvents).toBe(2);
		expect(firstContentNs).toBeLessThanOrEqual(beforeReading);
		expect(lastContentNs).toBeGreaterThanOrEqual(beforeSecond);
	});
});
