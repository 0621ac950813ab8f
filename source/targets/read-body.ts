import type {HttpResponse} from '../transport/http-types.js';
import {sanitize} from '../engine/sanitize.js';

/** Reads a whole body as UTF-8, up to `cap` bytes, counting into `progress` what has arrived (kept if the body fails). */
export async function readBody(response: HttpResponse, cap: number, progress?: {bytes: number}): Promise<{text: string; bytes: number}> {
	let first: Buffer | undefined;
	let more: Buffer[] | undefined;
	const bytes = await response.consume(cap, (chunk) => {
		if (progress) progress.bytes += chunk.length;
		// Kept past the call: a copy (the transport may reuse the chunk's memory).
		const kept = Buffer.from(chunk);
		if (first === undefined) first = kept;
		else (more ??= [first]).push(kept);
	});
	const text = more ? Buffer.concat(more).toString('utf8') : (first?.toString('utf8') ?? '');
	return {text, bytes};
}

/** The first line of a reply, shortened: enough to say what went wrong. */
export const firstLine = (text: string): string => sanitize(text.split('\n')[0] ?? '');
