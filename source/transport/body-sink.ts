import {nowNs} from '../engine/clock.js';
import {BodyTooLargeError} from './consume-body.js';

type Reader = {cap: number; onChunk: (chunk: Buffer, arrivedNs?: bigint) => void; resolve: (bytes: number) => void; reject: (error: unknown) => void};

/**
 * One response body between a push-style client (chunks, end, error) and the caller's single
 * `consume(cap, onChunk)`. No Readable stream and no promise per chunk. Chunks that arrive
 * before the caller starts consuming (headers and body often come in one packet) wait in a
 * small list, with when each arrived: the caller's own way to its reader is not the server's time. `giveUp` is told when the body is abandoned (too large, or the reader threw),
 * so the client can drop the connection.
 */
export class BodySink {
	private reader: Reader | undefined;
	private early: Array<{chunk: Buffer; arrivedNs: bigint}> | undefined;
	private bytes = 0;
	private ended = false;
	private failure: unknown;
	private readonly giveUp: (error: Error) => void;

	constructor(giveUp: (error: Error) => void) {
		this.giveUp = giveUp;
	}

	push(chunk: Buffer): void {
		if (this.reader) this.deliver(this.reader, chunk);
		// Kept until the caller reads: a copy (the raw transport reads every socket into one buffer).
		else if (this.failure === undefined) (this.early ??= []).push({chunk: Buffer.from(chunk), arrivedNs: nowNs()});
	}

	end(): void {
		this.ended = true;
		this.reader?.resolve(this.bytes);
	}

	fail(error: unknown): void {
		if (this.failure !== undefined || this.ended) return;
		this.failure = error;
		this.reader?.reject(error);
	}

	readonly consume = (cap: number, onChunk: (chunk: Buffer, arrivedNs?: bigint) => void): Promise<number> =>
		new Promise((resolve, reject) => {
			const reader = {cap, onChunk, resolve, reject};
			const early = this.early;
			this.early = undefined;
			if (early) for (const {chunk, arrivedNs} of early) if (!this.deliver(reader, chunk, arrivedNs)) return;
			if (this.failure !== undefined) return reject(this.failure);
			if (this.ended) return resolve(this.bytes);
			this.reader = reader;
		});

	/** False when the body was given up on (too large, or the reader threw). */
	private deliver(reader: Reader, chunk: Buffer, arrivedNs?: bigint): boolean {
		this.bytes += chunk.length;
		try {
			if (this.bytes > reader.cap) throw new BodyTooLargeError(reader.cap);
			reader.onChunk(chunk, arrivedNs);
			return true;
		} catch (error) {
			this.reader = undefined;
			this.failure = error;
			this.giveUp(error as Error);
			reader.reject(error);
			return false;
		}
	}
}
