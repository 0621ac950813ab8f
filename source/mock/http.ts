import type {IncomingMessage, OutgoingHttpHeaders, ServerResponse} from 'node:http';

const maxBodyBytes = 16 * 1024 * 1024;

/** The whole body parsed as a JSON object; undefined when it is not one (or the client went away). */
export async function readJsonObject(request: IncomingMessage): Promise<Record<string, unknown> | undefined> {
	return new Promise((resolve) => {
		const chunks: Uint8Array[] = [];
		let size = 0;
		request.on('data', (chunk: Uint8Array) => {
			size += chunk.length;
			if (size <= maxBodyBytes) {
				chunks.push(chunk);
			}
		});
		request.once('error', () => {
			resolve(undefined);
		});
		request.once('close', () => {
			resolve(undefined);
		});
		request.once('end', () => {
			if (size > maxBodyBytes) {
				resolve(undefined);
				return;
			}

			try {
				const value: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
				resolve(value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined);
			} catch {
				resolve(undefined);
			}
		});
	});
}

/** Sends a complete body with its content type and length, unless the client is gone. */
export function send(response: ServerResponse, status: number, headers: OutgoingHttpHeaders, contentType: string, body: string): void {
	if (response.destroyed || response.headersSent) {
		return;
	}

	headers['content-type'] = contentType;
	headers['content-length'] = Buffer.byteLength(body);
	response.writeHead(status, headers);
	response.end(body);
}

export function sendJson(response: ServerResponse, status: number, headers: OutgoingHttpHeaders, body: unknown): void {
	send(response, status, headers, 'application/json', JSON.stringify(body));
}

/** Gateway-made error: `{"error":"..."}` + newline, which Go sniffs as text/plain. */
export function sendGatewayError(response: ServerResponse, status: number, headers: OutgoingHttpHeaders, message: string): void {
	send(response, status, headers, 'text/plain; charset=utf-8', JSON.stringify({error: message}) + '\n');
}

/** Whether `Authorization: Bearer|token <t>` or `x-api-key: <t>` carries the token. */
export function hasToken(request: IncomingMessage, token: string): boolean {
	if (request.headers['x-api-key'] === token) {
		return true;
	}

	const authorization = request.headers.authorization;
	if (authorization === undefined) {
		return false;
	}

	const space = authorization.indexOf(' ');
	if (space === -1) {
		return false;
	}

	const scheme = authorization.slice(0, space).toLowerCase();
	return (scheme === 'bearer' || scheme === 'token') && authorization.slice(space + 1).trim() === token;
}

/** RFC 3339 UTC without milliseconds, as Anthropic's `-reset` headers. */
export function rfc3339(ms: number): string {
	return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
