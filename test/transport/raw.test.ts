import {once} from 'node:events';
import {readFileSync} from 'node:fs';
import {createServer, type IncomingMessage, type Server, type ServerResponse} from 'node:http';
import {createServer as createHttpsServer} from 'node:https';
import net, {type AddressInfo} from 'node:net';
import {fileURLToPath} from 'node:url';
import {afterEach, describe, expect, it, vi} from 'vitest';
import {classifyError} from '../../source/engine/errors.js';
import {createTransport, prepareTransport} from '../../source/transport/create.js';
import {createRawTransport} from '../../source/transport/raw.js';
import type {HttpRequest, HttpResponse, HttpTransport} from '../../source/transport/http-types.js';
import {runCli} from '../helpers/cli.js';

const closers: Array<() => unknown> = [];
afterEach(async () => {
	for (const close of closers.splice(0).reverse()) await close();
});

type Listening = {port: number; connections: () => number; destroyAll: () => void};

async function listen(server: Server | net.Server): Promise<Listening> {
	let connections = 0;
	const sockets = new Set<net.Socket>();
	server.on('connection', (socket: net.Socket) => {
		connections++;
		sockets.add(socket);
		socket.once('close', () => sockets.delete(socket));
	});
	server.listen(0, '127.0.0.1');
	await once(server, 'listening');
	closers.push(() => {
		if ('closeAllConnections' in server) server.closeAllConnections();
		server.close();
	});
	return {
		port: (server.address() as AddressInfo).port,
		connections: () => connections,
		destroyAll: () => {
			for (const socket of sockets) socket.destroy();
		},
	};
}

function httpServer(handler: (request: IncomingMessage, response: ServerResponse) => void) {
	return listen(createServer(handler));
}

/** A server that answers every request with the same raw bytes, and keeps what it was sent. */
async function rawServer(reply: string, {end = false, closeAfterMs = 0} = {}) {
	const received: string[] = [];
	const sockets = new Set<net.Socket>();
	let closed = 0;
	const server = net.createServer((socket) => {
		sockets.add(socket);
		socket.once('close', () => closed++);
		socket.on('data', (data) => {
			received.push(data.toString());
			if (end) {
				if (!socket.writableEnded) socket.end(reply);
			} else socket.write(reply);
			if (closeAfterMs) setTimeout(() => socket.end(), closeAfterMs);
		});
	});
	closers.push(() => {
		for (const socket of sockets) socket.destroy();
	});
	/** `closed`: connections both sides have closed (the client saw the server's FIN and answered with its own). */
	return {...(await listen(server)), received, closed: () => closed};
}

function transport(port: number, connections = 1): HttpTransport {
	const created = createRawTransport({origin: `http://127.0.0.1:${port}`, connections});
	closers.push(() => created.close());
	return created;
}

const request = (overrides: Partial<HttpRequest> = {}): HttpRequest => ({
	method: 'POST',
	path: '/v1/x?y=1',
	headers: {'content-type': 'text/plain'},
	body: 'ping',
	signal: new AbortController().signal,
	...overrides,
});

async function text(response: HttpResponse, cap = 1 << 20): Promise<string> {
	const chunks: Buffer[] = [];
	await response.consume(cap, (chunk) => chunks.push(chunk));
	return Buffer.concat(chunks).toString();
}

describe('the raw HTTP/1.1 transport', () => {
	it('reads sized and chunked bodies, lower-cases header names and lists repeated ones', async () => {
		const {port} = await httpServer((incoming, response) => {
			if (incoming.url === '/chunked') {
				response.writeHead(201, [
					['X-Trace', 'abc'],
					['Set-Cookie', 'a=1'],
					['Set-Cookie', 'b=2'],
				]);
				response.write('one ');
				setTimeout(() => response.end('two'), 5);
			} else {
				response.end('sized body');
			}
		});
		const client = transport(port);
		const sized = await client.request(request({path: '/sized'}));
		expect(sized.status).toBe(200);
		expect(sized.headers['content-length']).toBe('10');
		expect(await text(sized)).toBe('sized body');

		const chunked = await client.request(request({path: '/chunked'}));
		expect(chunked.status).toBe(201);
		expect(chunked.headers['x-trace']).toBe('abc');
		expect(chunked.headers['set-cookie']).toEqual(['a=1', 'b=2']);
		expect(await text(chunked)).toBe('one two');
	});

	it('writes one well-formed request: its own host, length and keep-alive, the body byte-exact', async () => {
		const server = await rawServer('HTTP/1.1 204 No Content\r\n\r\n');
		const client = transport(server.port);
		const reply = await client.request(request({body: 'héllo', headers: {'X-Key': 'v', 'Content-Length': '999', Connection: 'close'}}));
		expect(reply.status).toBe(204);
		expect(await text(reply)).toBe('');
		const sent = server.received.join('');
		expect(sent.startsWith('POST /v1/x?y=1 HTTP/1.1\r\n')).toBe(true);
		expect(sent).toContain(`host: 127.0.0.1:${server.port}\r\n`);
		expect(sent).toContain('content-length: 6\r\n');
		expect(sent).toContain('X-Key: v\r\n');
		expect(sent).not.toMatch(/999|Connection: close/);
		expect(sent.endsWith('\r\n\r\nhéllo')).toBe(true);
		// GET: no body, no length.
		await text(await client.request(request({method: 'GET', body: undefined, headers: {Host: 'example.test'}})));
		const get = server.received.at(-1) ?? '';
		expect(get).toMatch(/^GET \/v1\/x\?y=1 HTTP\/1\.1\r\n/);
		expect(get).toContain('host: example.test\r\n');
		expect(get).not.toContain('content-length');
	});

	it('refuses a header or path that would break the request line into two', async () => {
		const server = await rawServer('HTTP/1.1 204 No Content\r\n\r\n');
		const client = transport(server.port);
		await expect(client.request(request({headers: {'x-evil': 'a\r\nx-injected: 1'}}))).rejects.toThrow(/invalid header/);
		await expect(client.request(request({path: '/a b'}))).rejects.toThrow(/invalid request path/);
		expect(server.received).toEqual([]);
	});

	it('keeps connections alive: 20 requests on one, and never more connections than asked for', async () => {
		const server = await httpServer((_incoming, response) => setTimeout(() => response.end('pong'), 2));
		const one = transport(server.port, 1);
		for (let index = 0; index < 20; index++) expect(await text(await one.request(request()))).toBe('pong');
		expect(server.connections()).toBe(1);

		const four = transport(server.port, 4);
		const bodies = await Promise.all(Array.from({length: 12}, async () => text(await four.request(request()))));
		expect(bodies).toEqual(Array.from({length: 12}, () => 'pong'));
		expect(server.connections()).toBe(1 + 4);
	});

	it("times a connect from when Node dials it: the client's own work in the tick that opened it is not the network's", async () => {
		const server = await httpServer((_incoming, response) => response.end('pong'));
		const client = transport(server.port, 4);
		const replies = Array.from({length: 4}, async () => client.request(request()));
		// Busy in the tick that opened the connections, as a first use's compiling or a scheduler opening
		// many at once makes a client: before Node dials (on the next tick), so no connect can take it.
		const busyMs = 200;
		const busyUntil = performance.now() + busyMs;
		while (performance.now() < busyUntil);
		const started = performance.now();
		for (const reply of await Promise.all(replies)) {
			await text(reply);
			expect(reply.connection?.reused).toBe(false);
			expect(reply.connection?.connectUs).toBeGreaterThan(0);
			expect(reply.connection?.connectUs).toBeLessThanOrEqual((performance.now() - started) * 1000);
		}

		expect(server.connections()).toBe(4);
	});

	it('reads a body that ends when the server closes, then opens a new connection', async () => {
		const server = await rawServer('HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nuntil close', {end: true});
		const client = transport(server.port);
		expect(await text(await client.request(request()))).toBe('until close');
		expect(await text(await client.request(request()))).toBe('until close');
		expect(server.connections()).toBe(2);
	});

	it('skips a 103 Early Hints reply and returns the real one', async () => {
		const {port} = await httpServer((_incoming, response) => {
			response.writeEarlyHints({link: '</a.css>; rel=preload'});
			response.end('after hints');
		});
		const reply = await transport(port).request(request());
		expect(reply.status).toBe(200);
		expect(await text(reply)).toBe('after hints');
	});

	it('replaces a keep-alive connection the server closed while it was idle', async () => {
		const server = await rawServer('HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\npong', {closeAfterMs: 20});
		const client = transport(server.port);
		expect(await text(await client.request(request()))).toBe('pong');
		await vi.waitFor(() => expect(server.closed()).toBe(1));
		expect(await text(await client.request(request()))).toBe('pong');
		expect(server.connections()).toBe(2);
	});

	it('a body cut short by the server fails as a reset, and the next request still works', async () => {
		const server = await rawServer('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhalf', {end: true});
		const client = transport(server.port);
		const reply = await client.request(request());
		const failure = await text(reply).then(
			() => undefined,
			(error: unknown) => error,
		);
		expect(classifyError(failure)).toBe('connection_reset');
		await expect(client.request(request())).resolves.toMatchObject({status: 200});
	});

	it('an abort mid-body stops the read and drops that connection', async () => {
		const server = await httpServer((incoming, response) => {
			if (incoming.url === '/endless') response.write('start');
			else response.end('fine');
		});
		const client = transport(server.port);
		const controller = new AbortController();
		const reply = await client.request(request({path: '/endless', signal: controller.signal}));
		const reading = text(reply);
		controller.abort();
		await expect(reading).rejects.toMatchObject({name: 'AbortError'});
		expect(await text(await client.request(request()))).toBe('fine');
		expect(server.connections()).toBe(2);
	});

	it('a body past the cap fails as too large and does not poison the connection pool', async () => {
		const {port} = await httpServer((_incoming, response) => response.end('x'.repeat(1000)));
		const client = transport(port);
		const failure = await text(await client.request(request()), 100).then(
			() => undefined,
			(error: unknown) => error,
		);
		expect(classifyError(failure)).toBe('body_too_large');
		expect(await text(await client.request(request()))).toHaveLength(1000);
	});

	it('a refused connection and a reply that is not HTTP both fail the request', async () => {
		const closed = net.createServer();
		const {port} = await listen(closed);
		closed.close();
		await once(closed, 'close');
		const refused = await transport(port)
			.request(request())
			.then(
				() => undefined,
				(error: unknown) => error,
			);
		expect(classifyError(refused)).toBe('connection_refused');

		const garbage = await rawServer('SMTP ready\r\n\r\n');
		await expect(transport(garbage.port).request(request())).rejects.toThrow(/bad HTTP reply/);
	});
});

describe('the raw transport over TLS', () => {
	it('benchmarks an https gateway, checking its certificate against the trusted CAs', async () => {
		const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/tls/${name}`, import.meta.url));
		const server = createHttpsServer(
			{key: readFileSync(fixture('localhost-key.pem')), cert: readFileSync(fixture('localhost-cert.pem'))},
			(_incoming, response) => response.end('pong'),
		);
		const {port} = await listen(server);
		const args = ['--no-tui', '--pipeline', 'http', '-n', '4', '-c', '2', '--gateway', `https://localhost:${port}`, '--sgd', 'sgd_test'];
		const trusted = await runCli(args, {env: {NODE_EXTRA_CA_CERTS: fixture('localhost-cert.pem'), CI: '1'}});
		expect(trusted.stdout).toMatch(/http\(s\): gateway .* 4\/4/);
		expect(trusted.code).toBe(0);
		// Without the CA the certificate is refused: every request fails, none is sent in clear.
		const untrusted = await runCli(args, {env: {CI: '1'}});
		expect(untrusted.stdout).toMatch(/http\(s\): gateway: 4 failed/);
	});
});

/** A server whose `n`-th request on each connection (from 1) gets `answer(n)`: a reply to write, or null to drop the connection unanswered. */
async function perConnectionServer(answer: (n: number) => string | null) {
	const server = net.createServer((socket) => {
		let served = 0;
		socket.on('data', () => {
			const reply = answer(++served);
			if (reply === null) socket.destroy();
			else socket.write(reply);
		});
	});
	return listen(server);
}

const pong = 'HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\npong';

describe('connections that never fail a request for the client’s own reuse', () => {
	it.each(['raw', 'undici', 'got'] as const)(
		'%s: a reused connection that fails before any reply byte: the request goes once more, on a new connection, and says so',
		async (name) => {
			// The server answers each connection's first request and drops it at the second, as one that just closed an idle connection does.
			const server = await perConnectionServer((n) => (n === 1 ? pong : null));
			await prepareTransport(name);
			const client = createTransport(name, {origin: `http://127.0.0.1:${server.port}`, connections: 1});
			closers.push(() => client.close());
			const retries: number[] = [];
			for (let index = 0; index < 3; index++) {
				const reply = await client.request(request({onRetry: () => retries.push(index)}));
				expect(await text(reply)).toBe('pong');
			}

			// The first request went on a new connection (never retried), the second on a reused one. raw keeps the
			// retry's connection in its pool, so the third is retried too; undici and got use one of its own.
			expect(retries).toEqual(name === 'raw' ? [1, 2] : [1]);
			expect(server.connections()).toBe(3);
		},
	);

	it.each(['raw', 'undici', 'got'] as const)('%s: a new connection that fails is not retried: the failure is the server’s', async (name) => {
		const server = await perConnectionServer(() => null);
		await prepareTransport(name);
		const client = createTransport(name, {origin: `http://127.0.0.1:${server.port}`, connections: 1});
		closers.push(() => client.close());
		let retried = false;
		const failure = await client.request(request({onRetry: () => (retried = true)})).catch((error: unknown) => error);
		expect(classifyError(failure)).toBe('connection_reset');
		expect(retried).toBe(false);
		expect(server.connections()).toBe(1);
	});

	it('a reply already begun is not sent again: a reset mid-reply is a failure', async () => {
		const server = await perConnectionServer((n) => (n === 1 ? pong : 'HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhal'));
		const client = transport(server.port);
		expect(await text(await client.request(request()))).toBe('pong');
		let retried = false;
		const reply = await client.request(request({onRetry: () => (retried = true)}));
		server.destroyAll();
		await expect(text(reply)).rejects.toMatchObject({code: 'ECONNRESET'});
		expect(retried).toBe(false);
	});

	it('respects Keep-Alive: timeout, less a margin: an idle connection that old is not reused', async () => {
		const server = await perConnectionServer(() => 'HTTP/1.1 200 OK\r\nKeep-Alive: timeout=2\r\nContent-Length: 4\r\n\r\npong');
		const client = transport(server.port);
		expect(await text(await client.request(request()))).toBe('pong');
		expect(await text(await client.request(request()))).toBe('pong');
		expect(server.connections()).toBe(1);
		// The clock moves 1.1 s on (the margin is 1 s of the 2): the server may be closing it; a new one is opened.
		const now = performance.now.bind(performance);
		const clock = vi.spyOn(performance, 'now').mockImplementation(() => now() + 1100);
		try {
			expect(await text(await client.request(request()))).toBe('pong');
		} finally {
			clock.mockRestore();
		}

		expect(server.connections()).toBe(2);
	});
});

describe('a server that closes after every reply, without Connection: close (HTTP/1.1 allows it)', () => {
	it.each(['raw', 'undici', 'got'])('--http-client %s loses no request to its own reuse', async (client) => {
		const server = await rawServer(pong, {end: true});
		const {code, stdout, stderr} = await runCli([
			'--no-tui',
			'--pipeline',
			'http',
			'--gateway',
			`http://127.0.0.1:${server.port}`,
			'--sgd',
			'x',
			'-n',
			'24',
			'-c',
			'4',
			'--http-client',
			client,
			'--json',
			'-',
		]);
		expect(code, stderr).toBe(0);
		const endpoint = (JSON.parse(stdout) as {endpoints: Array<{successful: number; errors: object; retried: number}>}).endpoints[0];
		expect(endpoint?.errors).toEqual({});
		expect(endpoint?.successful).toBe(24);
	});
});

describe('every transport skips 1xx replies', () => {
	it.each(['raw', 'undici', 'got'] as const)('%s: a 103 Early Hints is not the reply', async (client) => {
		const {port} = await httpServer((_incoming, response) => {
			response.writeEarlyHints({link: '</a.css>; rel=preload'});
			setTimeout(() => response.end('after hints'), 20);
		});
		await prepareTransport(client);
		const created = createTransport(client, {origin: `http://127.0.0.1:${port}`, connections: 1});
		closers.push(() => created.close());
		const reply = await created.request(request());
		expect(reply.status).toBe(200);
		expect(await text(reply)).toBe('after hints');
	});
});
