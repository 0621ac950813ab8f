import type {Readable} from 'node:stream';

/** Thrown when a reply grows past the cap: a huge or endless body must not exhaust memory. */
export class BodyTooLargeError extends Error {
	readonly code = 'BODY_TOO_LARGE';
	readonly cap: number;

	constructor(cap: number) {
		super(`reply body larger than ${cap} bytes`);
		this.cap = cap;
	}
}

/**
 * Feeds every chunk of a body to `onChunk` until it ends, and resolves with its size.
 * Stream events, not `for await`: async iteration costs a promise per chunk on the hot path.
 * `onChunk` may throw to stop reading (the body is destroyed and the error returned).
 */
export function consumeBody(body: Readable, cap: number, onChunk: (chunk: Buffer) => void): Promise<number> {
	return new Promise((resolve, reject) => {
		let bytes = 0;
		let settled = false;
		const fail = (error: unknown) => {
			if (settled) return;
			settled = true;
			body.destroy();
			reject(error);
		};

		body.on('data', (chunk: Buffer) => {
			if (settled) return;
			bytes += chunk.length;
			if (bytes > cap) return fail(new BodyTooLargeError(cap));
			try {
				onChunk(chunk);
			} catch (error) {
				fail(error);
			}
		});
		body.once('end', () => {
			if (settled) return;
			settled = true;
			resolve(bytes);
		});
		body.once('error', fail);
		// Only build the error when it is one: an Error's stack trace is costly on the hot path.
		body.once('close', () => settled || fail(Object.assign(new Error('the reply ended early'), {code: 'ERR_STREAM_PREMATURE_CLOSE'})));
	});
}
