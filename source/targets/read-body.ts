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

/**
 * What a body that is not the expected format was: `got text/html: <!DOCTYPE html> <html> <head>…`,
 * its content type and its start, on one line, escaped, at most 80 characters.
 */
export function bodyGist(contentType: string | readonly string[] | undefined, text: string): string {
	const type = (typeof contentType === 'string' ? contentType : contentType?.[0])?.split(';')[0]?.trim() || 'a reply';
	const start = text.replaceAll(/\s+/g, ' ').trim();
	const room = Math.max(10, 80 - `got ${type}: `.length);
	return sanitize(`got ${type}: ${start ? (start.length > room ? `${start.slice(0, room - 1)}…` : start) : '(empty)'}`, 80);
}

/** The message of a failed reply: the provider's own where its body has one, else what the body was (an HTML page's start, a line of text). */
export const failureMessage = (providerMessage: string | undefined, contentType: string | readonly string[] | undefined, text: string): string =>
	providerMessage ?? (/html/i.test(String(contentType)) || text.trimStart().startsWith('<') ? bodyGist(contentType, text) : firstLine(text));
