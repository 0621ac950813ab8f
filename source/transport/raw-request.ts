import type {HttpRequest} from './http-types.js';

/** Headers the transport writes itself; a caller's copy would duplicate or contradict them. */
const ownHeaders = new Set(['content-length', 'transfer-encoding', 'connection']);

/** A header line must stay one line: CR or LF in it would let a value start a new header. */
const unsafe = /[\r\n\0]/;

/**
 * The exact bytes of one HTTP/1.1 request, built once per distinct request: an endpoint sends
 * the same method, path, headers and body every time, so the hot path writes a cached buffer
 * in a single `write` (no header formatting, no second write for the body).
 */
export class RequestEncoder {
	private readonly host: string;
	private readonly cache = new WeakMap<object, {method: string; path: string; body: string | undefined; bytes: Buffer}>();

	constructor(host: string) {
		this.host = host;
	}

	encode({method, path, headers, body}: HttpRequest): Buffer {
		const cached = this.cache.get(headers);
		if (cached?.method === method && cached.path === path && cached.body === body) return cached.bytes;
		const bytes = this.build(method, path, headers, body);
		this.cache.set(headers, {method, path, body, bytes});
		return bytes;
	}

	private build(method: string, path: string, headers: Readonly<Record<string, string>>, body: string | undefined): Buffer {
		if (unsafe.test(path) || path.includes(' ')) throw new Error(`invalid request path ${JSON.stringify(path)}`);
		let head = `${method} ${path} HTTP/1.1\r\n`;
		let host = this.host;
		for (const [name, value] of Object.entries(headers)) {
			const lower = name.toLowerCase();
			if (unsafe.test(name) || unsafe.test(value) || name.includes(':')) throw new Error(`invalid header ${JSON.stringify(name)}`);
			if (lower === 'host') host = value;
			else if (!ownHeaders.has(lower)) head += `${name}: ${value}\r\n`;
		}

		head = `${head}host: ${host}\r\nconnection: keep-alive\r\n`;
		const payload = body === undefined ? undefined : Buffer.from(body);
		if (payload) head += `content-length: ${payload.length}\r\n`;
		const start = Buffer.from(`${head}\r\n`, 'latin1');
		return payload ? Buffer.concat([start, payload]) : start;
	}
}
