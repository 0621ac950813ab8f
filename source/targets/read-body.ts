import {sanitize} from './sanitize.js';

/** Thrown when a reply grows past the cap: a huge or endless body must not exhaust memory. */
export class BodyTooLargeError extends Error {
	readonly code = 'BODY_TOO_LARGE';
	readonly cap: number;

	constructor(cap: number) {
		super(`reply body larger than ${cap} bytes`);
		this.cap = cap;
	}
}

/** Reads a whole body as UTF-8, up to `cap` bytes. */
export async function readBody(body: AsyncIterable<Uint8Array>, cap: number): Promise<{text: string; bytes: number}> {
	const decoder = new TextDecoder();
	let text = '';
	let bytes = 0;
	for await (const chunk of body) {
		bytes += chunk.byteLength;
		if (bytes > cap) throw new BodyTooLargeError(cap);
		text += decoder.decode(chunk, {stream: true});
	}

	return {text: text + decoder.decode(), bytes};
}

/** The first line of a reply, shortened: enough to say what went wrong. */
export const firstLine = (text: string): string => sanitize(text.split('\n')[0] ?? '');
