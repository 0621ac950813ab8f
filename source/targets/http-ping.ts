import type {HttpResponse} from '../transport/http-types.js';
import type {ReplyVerdict} from './http-endpoint.js';
import {httpErrorKind, providerError} from './provider-error.js';
import {failureMessage, readBody} from './read-body.js';
import {sanitize} from '../engine/sanitize.js';

/** Ping replies are tiny; anything past this is not a pong. */
const pingBodyCap = 64 * 1024;

/** Success: HTTP 200 and a body of exactly `pong` (original-suite.md, pipeline 3). */
export async function readPong(response: HttpResponse): Promise<ReplyVerdict> {
	const {text, bytes} = await readBody(response, pingBodyCap);
	if (response.status !== 200) {
		const error = providerError(text);
		return {outcome: httpErrorKind(response.status, error.type), bytes, error: failureMessage(error.message, response.headers['content-type'], text)};
	}
	if (text !== 'pong') return {outcome: 'bad_body', bytes, error: `expected "pong", got ${JSON.stringify(sanitize(text, 40))}`};
	return {outcome: 'ok', bytes};
}
