import type {Duplex} from 'node:stream';

const continueHeads = [Buffer.from('HTTP/1.1 100 '), Buffer.from('HTTP/1.0 100 ')];
const headEnd = Buffer.from('\r\n\r\n');
const letterH = 0x48;

/** The bytes after any `100 Continue` heads that open the chunk (whole heads only). */
export function withoutContinueHeads(chunk: Buffer): Buffer {
	let rest = chunk;
	while (rest.length > 13 && rest[0] === letterH && continueHeads.some((head) => rest.subarray(0, head.length).equals(head))) {
		const end = rest.indexOf(headEnd);
		if (end === -1) return rest;
		rest = rest.subarray(end + headEnd.length);
	}

	return rest;
}

/**
 * undici 7 destroys its connection on a `100 Continue` the request did not ask for ("bad
 * response"), where RFC 9110 §15.2 has a client read past any 1xx and raw and got do: on undici's
 * HTTP/1.1 sockets, such a head is taken out of what the socket reads before undici's parser sees
 * it. gatebench never sends `Expect: 100-continue`, so a 100 is always unasked; with one request at
 * a time on a connection (no pipelining) a reply opens a read, where the check looks (its first
 * byte, then 13). A 100 split across two reads still reaches undici, and its error says so.
 */
export function skipUnaskedContinue(socket: Duplex): void {
	const push = socket.push.bind(socket);
	socket.push = (chunk: unknown, encoding?: BufferEncoding) => push(Buffer.isBuffer(chunk) ? withoutContinueHeads(chunk) : chunk, encoding);
}
