import zlib from 'node:zlib';
import {BodyTooLargeError} from './consume-body.js';
import {headerValue, type HttpResponse} from './http-types.js';

/**
 * Requests ask for `Accept-Encoding: identity` (unless the user set the header), so that what is
 * timed is what the server sends. A server may compress anyway (RFC 9110 lets it): such a body is
 * decoded as it arrives, each decoded piece flushed at once so streamed events keep their timing.
 */
const decoders: Readonly<Record<string, () => zlib.Gunzip | zlib.Inflate | zlib.BrotliDecompress>> = {
	gzip: () => zlib.createGunzip({flush: zlib.constants.Z_SYNC_FLUSH}),
	'x-gzip': () => zlib.createGunzip({flush: zlib.constants.Z_SYNC_FLUSH}),
	deflate: () => zlib.createInflate({flush: zlib.constants.Z_SYNC_FLUSH}),
	br: () => zlib.createBrotliDecompress({flush: zlib.constants.BROTLI_OPERATION_FLUSH}),
};

/** The response with its body decoded when it came compressed; `consume` still resolves with the bytes on the wire. */
export function decodedResponse(response: HttpResponse): HttpResponse {
	const encoding = headerValue(response.headers, 'content-encoding')?.trim().toLowerCase();
	const decoder = encoding === undefined ? undefined : decoders[encoding];
	if (!decoder) return response;
	return {
		...response,
		consume: (cap, onChunk) =>
			new Promise((resolve, reject) => {
				const stream = decoder();
				let decoded = 0;
				let wire = 0;
				let settled = false;
				const fail = (error: unknown) => {
					if (settled) return;
					settled = true;
					stream.destroy();
					reject(error);
				};

				// The cap is on what the reader gets: a small compressed body must not expand without bound.
				stream.on('data', (chunk: Buffer) => {
					decoded += chunk.length;
					if (decoded > cap) return fail(new BodyTooLargeError(cap));
					try {
						onChunk(chunk);
					} catch (error) {
						fail(error);
					}
				});
				stream.once('error', (error) => fail(Object.assign(new Error(`the ${encoding} body could not be decoded: ${error.message}`), {code: 'BAD_ENCODING'})));
				stream.once('end', () => {
					if (settled) return;
					settled = true;
					resolve(wire);
				});
				response
					.consume(cap, (chunk) => {
						wire += chunk.length;
						// The decompressor may read it later: a copy (the transport may reuse the chunk's memory).
						stream.write(Buffer.from(chunk));
					})
					.then(() => stream.end(), fail);
			}),
	};
}

/** `Accept-Encoding: identity` added, unless the caller asked for an encoding of its own. */
export function withIdentityEncoding(headers: Readonly<Record<string, string>>): Readonly<Record<string, string>> {
	return Object.keys(headers).some((name) => name.toLowerCase() === 'accept-encoding') ? headers : {...headers, 'accept-encoding': 'identity'};
}
