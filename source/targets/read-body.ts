import type {HttpResponse} from '../transport/http-types.js';
import {sanitize} from '../engine/sanitize.js';

/** Reads a whole body as UTF-8, up to `cap` bytes, counting into `progress` what has arrived (kept if the body fails). */
export async function readBody(response: HttpResponse, cap: number, progress?: {bytes: number}): Promise<{text: string; bytes: number}> {
	let first: Buffer | undefined;
	let more: Buffer[] | undefined;
	const bytes = await response.consume(cap, (chunk, arrivedNs) => {
		if (progress) progress.bytes += chunk.length;
		// Kept past the call: a copy (the transport may reuse the chunk's memory), unless it is one already
		// (a chunk that waited for the reader, stamped with its arrival: http-types.ts).
		const kept = arrivedNs === undefined ? Buffer.from(chunk) : chunk;
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

/** Text of an HTML fragment: tags and entities dropped, white space folded. */
const plainText = (html: string) =>
	html
		.replaceAll(/<[^>]*>/g, ' ')
		.replaceAll(/&(?:[a-z]+|#\d+);/gi, ' ')
		.replaceAll(/\s+/g, ' ')
		.trim();

/**
 * What a gateway's HTML error page says: its heading (`<h1>`, else `<title>`), the text after it,
 * and the server's signature nginx puts under a rule (`<hr><center>nginx/1.22.1</center>`) —
 * `error page: 503 Service Unavailable: No server is available to handle this request.` (HAProxy),
 * `error page: 502 Bad Gateway (nginx/1.22.1)`. Undefined for a page with no heading.
 */
export function errorPageMessage(html: string): string | undefined {
	const heading = /<h1[^>]*>([\s\S]*?)<\/h1>/i.exec(html) ?? /<title[^>]*>([\s\S]*?)<\/title>/i.exec(html);
	const title = heading?.[1] === undefined ? '' : plainText(heading[1]);
	if (!heading || !title) return undefined;
	const rest = html.slice(heading.index + heading[0].length);
	const signature = /<hr[^>]*>\s*<center>([\s\S]*?)<\/center>/i.exec(rest);
	const said = plainText(signature ? rest.slice(0, signature.index) : rest);
	const by = signature?.[1] === undefined ? '' : plainText(signature[1]);
	return sanitize(`error page: ${title}${said && said !== title ? `: ${said}` : ''}${by ? ` (${by})` : ''}`);
}

/**
 * The message of a failed reply: the provider's own where its body has one; a gateway's error page
 * read for what it says; else what the body was (an HTML page's start, a line of text).
 */
export function failureMessage(providerMessage: string | undefined, contentType: string | readonly string[] | undefined, text: string): string {
	if (providerMessage !== undefined) return providerMessage;
	if (!/html/i.test(String(contentType)) && !text.trimStart().startsWith('<')) return firstLine(text);
	return errorPageMessage(text) ?? bodyGist(contentType, text);
}
