import {once} from 'node:events';
import {readFileSync} from 'node:fs';
import {createServer as createHttpServer} from 'node:http';
import {constants, createSecureServer, createServer as createH2cServer} from 'node:http2';
import type {AddressInfo} from 'node:net';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {type MockServer, startMock} from '../../source/mock/server.js';
import {completePlan} from '../../source/plan/draft.js';
import type {HttpClientName} from '../../source/plan/run-plan.js';
import {startSession} from '../../source/session/session.js';
import {createTransport, prepareTransport} from '../../source/transport/create.js';
import {noProxyOverHttp2} from '../../source/transport/http-types.js';
import {runCli} from '../helpers/cli.js';
import {draftFrom} from '../helpers/drafts.js';
import {startHttpsPongServer, tlsFixture} from '../helpers/https-server.js';

let mock: MockServer;
beforeAll(async () => {
	// Every reply: 6 tokens, the first 20 ms after the request, then one each 2 ms.
	mock = await startMock({ttftMs: 20, tokenDelayMs: 2, minTokens: 6, maxTokens: 6});
});
afterAll(async () => mock.close());

/** One streamed run of 24 requests, 6 at once, against the mock; what the mock saw of its connections meanwhile. */
async function run(client: HttpClientName, extra: readonly string[]) {
	const before = {...mock.options, ...mock.stats.connections};
	const args = ['--openai', `${mock.url}/v1`, '--stream', '-n', '24', '-c', '6', '--http-client', client, ...extra];
	const session = await startSession({plan: completePlan(draftFrom(args)), outputs: {}});
	const {json} = await session.finish();
	const seen = mock.stats.connections;
	return {endpoint: json.endpoints[0], file: json, http1: seen.http1 - before.http1, h2c: seen.h2c - before.h2c, streams: seen.streams - before.streams};
}

describe('--http2 against the mock, beside HTTP/1.1', () => {
	it.each(['raw', 'undici'] as const)(
		'%s: the same run over h2c and HTTP/1.1 is right on both, its streams on one connection',
		{timeout: 60_000},
		async (client) => {
			const h1 = await run(client, []);
			const h2 = await run(client, ['--http2']);
			for (const {endpoint} of [h1, h2]) {
				expect(endpoint?.successful).toBe(24);
				expect(endpoint?.outputTokens?.total).toBe(24 * 6);
				// TTFT is the mock's 20 ms and what the path adds: never less, and not far more on 127.0.0.1.
				expect(endpoint?.ttftMs?.p5).toBeGreaterThanOrEqual(20);
				expect(endpoint?.ttftMs?.p50).toBeLessThan(60);
			}

			expect(h1.endpoint?.protocol).toBe('http/1.1');
			expect(h1.endpoint?.streams).toBeNull();
			expect(h1.file.http2).toBeNull();
			expect(h1).toMatchObject({h2c: 0, streams: 0});
			expect(h1.http1).toBeGreaterThanOrEqual(6);
			expect(h2.endpoint?.protocol).toBe('h2c');
			expect(h2.endpoint?.streams).toBe(24);
			expect(h2.file.http2).toEqual({streamsPerConnection: 100});
			// Six streams at once fit on one connection; the mock saw every request as a stream on it.
			expect(h2).toMatchObject({http1: 0, h2c: 1, streams: 24});
			if (client === 'raw') expect(h2.endpoint?.connectionsOpened).toBe(1);
		},
	);

	it.each(['raw', 'undici'] as const)(
		'%s: a stream the server resets mid-reply is a connection reset, as a cut connection is over HTTP/1.1; one that ends early is truncated',
		{timeout: 30_000},
		async (client) => {
			try {
				Object.assign(mock.options, {fault: 'cut-stream', faultRate: 1});
				const cut = await run(client, ['--http2']);
				expect(cut.endpoint?.errors).toEqual({connection_reset: 24});
				Object.assign(mock.options, {fault: 'short-stream'});
				const short = await run(client, ['--http2']);
				expect(short.endpoint?.errors).toEqual({stream_truncated: 24});
			} finally {
				Object.assign(mock.options, {fault: 'none', faultRate: 0});
			}
		},
	);

	it.each(['raw', 'undici'] as const)(
		'%s: a stream the server breaks off before its reply (destroyed, or reset with an error) is a connection reset',
		{timeout: 30_000},
		async (client) => {
			let served = 0;
			// undici says this in its own words (`HTTP/2: stream half-closed (remote)`, `"stream error" received`).
			const server = createH2cServer();
			server.on('stream', (stream) => {
				// Its own side of a reset stream reports the error too.
				stream.on('error', () => undefined);
				if (served++ % 2 === 0) stream.destroy();
				else stream.close(constants.NGHTTP2_INTERNAL_ERROR);
			});
			server.listen(0, '127.0.0.1');
			await once(server, 'listening');
			try {
				const args = ['--openai', `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, '--http2', '-n', '8', '-c', '2', '--http-client', client];
				const session = await startSession({plan: completePlan(draftFrom(args)), outputs: {}});
				const {json} = await session.finish();
				expect(json.endpoints[0]?.errors).toEqual({connection_reset: 8});
			} finally {
				server.close();
			}
		},
	);

	it('opens as many connections as --http2-streams needs for the requests in flight', {timeout: 30_000}, async () => {
		const h2 = await run('raw', ['--http2', '--http2-streams', '2']);
		expect(h2.endpoint?.successful).toBe(24);
		expect(h2).toMatchObject({http1: 0, h2c: 3, streams: 24});
		expect(h2.endpoint?.connectionsOpened).toBe(3);
	});
});

describe('--http2 over TLS and against servers that do not speak it', () => {
	const ca = readFileSync(tlsFixture('localhost-cert.pem'), 'utf8');
	const closers: Array<() => void> = [];
	afterAll(() => {
		for (const close of closers) close();
	});

	/** One request's status, or its error's message. */
	async function send(client: HttpClientName, origin: string): Promise<string> {
		await prepareTransport(client, true);
		const transport = createTransport(client, {origin, connections: 1, tls: {ca, insecure: false}, http2: {streamsPerConnection: 10}});
		try {
			const response = await transport.request({
				method: 'POST',
				path: '/',
				headers: {'content-type': 'text/plain', connection: 'keep-alive'},
				body: 'ping',
				signal: new AbortController().signal,
			});
			let body = '';
			await response.consume(1024, (chunk) => (body += chunk.toString()));
			return `${response.status} ${body}`;
		} catch (error) {
			return `error: ${(error as Error).message}`;
		} finally {
			await transport.close();
		}
	}

	it.each(['raw', 'undici'] as const)('%s: speaks h2 where ALPN agrees to it, and says so where the server keeps to HTTP/1.1', async (client) => {
		const h2 = createSecureServer({key: readFileSync(tlsFixture('localhost-key.pem')), cert: ca}, (request, response) => {
			request.resume();
			request.on('end', () => response.end(`pong over ${request.httpVersion}`));
		});
		h2.listen(0, '127.0.0.1');
		await once(h2, 'listening');
		closers.push(() => h2.close());
		expect(await send(client, `https://localhost:${(h2.address() as AddressInfo).port}`)).toBe('200 pong over 2.0');

		const https1 = await startHttpsPongServer();
		closers.push(https1.close);
		expect(await send(client, `https://localhost:${https1.port}`)).toMatch(
			/^error: the server did not agree to HTTP\/2 \(ALPN.*leave out --http2 to speak HTTP\/1\.1$/,
		);
	});

	it('says so where a cleartext server does not answer HTTP/2 with prior knowledge', async () => {
		const http1 = createHttpServer((_request, response) => response.end('pong'));
		http1.listen(0, '127.0.0.1');
		await once(http1, 'listening');
		closers.push(() => {
			http1.closeAllConnections();
			http1.close();
		});
		expect(await send('raw', `http://127.0.0.1:${(http1.address() as AddressInfo).port}`)).toMatch(
			/^error: the server did not answer HTTP\/2 with prior knowledge \(h2c\): .*leave out --http2 to speak HTTP\/1\.1$/,
		);
	});

	it('stops in one line where a proxy would carry the requests', {timeout: 30_000}, async () => {
		const {code, stderr} = await runCli(['--openai', 'http://127.0.0.1:9/v1', '--proxy', 'http://127.0.0.1:1', '--http2', '-n', '1', '--no-tui']);
		expect(code).toBe(1);
		expect(stderr.trim()).toBe(`gatebench: ${noProxyOverHttp2}`);
	});

	it('is refused with got, and --http2-streams without --http2', () => {
		expect(() => draftFrom(['--http2', '--http-client', 'got'])).toThrow(
			"--http2 is spoken by the default client (Node's http2) and by undici: drop --http-client got",
		);
		expect(() => draftFrom(['--http2-streams', '4'])).toThrow('--http2-streams needs --http2');
	});
});
