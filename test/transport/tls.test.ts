import {once} from 'node:events';
import {createServer as createHttpServer, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';
import {fileURLToPath} from 'node:url';
import {WebSocketServer} from 'ws';
import {afterEach, describe, expect, it} from 'vitest';
import {type MockServer, startMock} from '../../source/mock/server.js';
import type {JsonSummary} from '../../source/output/json.js';
import {runCli} from '../helpers/cli.js';
import {startHttpsPongServer, tlsFixture} from '../helpers/https-server.js';

const caFile = tlsFixture('localhost-cert.pem');
const closers: Array<() => unknown> = [];
afterEach(async () => {
	for (const close of closers.splice(0).reverse()) await close();
});

/** An HTTPS server with the self-signed localhost certificate: pongs, and pongs over WebSocket. */
async function httpsServer(host = '127.0.0.1'): Promise<number> {
	const {server, port, close} = await startHttpsPongServer(host);
	const sockets = new WebSocketServer({server});
	sockets.on('connection', (socket) => socket.on('message', () => socket.send('pong')));
	closers.push(() => {
		sockets.close();
		close();
	});
	return port;
}

async function listen(server: Server, host: string, before: () => void = () => {}): Promise<number> {
	server.listen(0, host);
	await once(server, 'listening');
	closers.push(() => {
		before();
		server.closeAllConnections();
		server.close();
	});
	return (server.address() as AddressInfo).port;
}

async function run(url: string, pipeline: 'http' | 'websocket', client: string, extra: readonly string[] = []) {
	const args = ['--no-tui', '--pipeline', pipeline, '-n', '3', '--gateway', url, '--sgd', 'sgd_test', '--http-client', client, '--json', '-', ...extra];
	const {code, stdout, stderr} = await runCli(args, {env: {NODE_EXTRA_CA_CERTS: undefined}});
	return {code, stderr, endpoint: (JSON.parse(stdout) as JsonSummary).endpoints[0], json: JSON.parse(stdout) as JsonSummary};
}

const cases = [
	['http', 'raw'],
	['http', 'undici'],
	['http', 'got'],
	['websocket', 'raw'],
] as const;

describe('private CAs and certificate failures', () => {
	it.each(cases)('%s (%s): a self-signed certificate is tls_self_signed, and a run that reached nothing exits 1', async (pipeline, client) => {
		const port = await httpsServer();
		const {code, stderr, endpoint} = await run(`https://localhost:${port}`, pipeline, client);
		expect(endpoint?.errors).toEqual({tls_self_signed: 3});
		expect(endpoint?.errorClasses).toEqual({tls: 3});
		expect(code).toBe(1);
		expect(stderr).toMatch(/no endpoint could be reached/);
	});

	it.each(cases)('%s (%s): --ca-file trusts the private CA', async (pipeline, client) => {
		const port = await httpsServer();
		const {code, endpoint} = await run(`https://localhost:${port}`, pipeline, client, ['--ca-file', caFile]);
		expect(code).toBe(0);
		expect(endpoint?.successful).toBe(3);
	});

	it.each(cases)('%s (%s): --insecure skips the checks, and every output says so', async (pipeline, client) => {
		const port = await httpsServer();
		const {code, stderr, endpoint, json} = await run(`https://localhost:${port}`, pipeline, client, ['--insecure']);
		expect(code).toBe(0);
		expect(endpoint?.successful).toBe(3);
		expect(json.insecure).toBe(true);
		expect(stderr).toMatch(/warning: --insecure: TLS certificates are not checked/);
	});

	it('a certificate for another name is tls_hostname', async () => {
		// The certificate names localhost and 127.0.0.1; 127.0.0.2 is this machine by another name.
		const port = await httpsServer('127.0.0.2');
		const {endpoint} = await run(`https://127.0.0.2:${port}`, 'http', 'raw', ['--ca-file', caFile]);
		expect(endpoint?.errors).toEqual({tls_hostname: 3});
	});

	it('a plain HTTP server at an https URL is tls_error', async () => {
		const port = await listen(
			createHttpServer((_request, response) => response.end('pong')),
			'127.0.0.1',
		);
		const {endpoint} = await run(`https://127.0.0.1:${port}`, 'http', 'raw');
		expect(endpoint?.errors).toEqual({tls_error: 3});
	});

	it('a refused WebSocket upgrade is ws_http_<status>', async () => {
		const mock: MockServer = await startMock({requireToken: 'the-right-one'});
		closers.push(() => mock.close());
		const {endpoint} = await run(mock.url, 'websocket', 'raw');
		expect(endpoint?.errors).toEqual({ws_http_401: 3});
		expect(endpoint?.errorClasses).toEqual({websocket: 3});
	});

	it('refuses an unreadable or empty --ca-file with one line, exit 2', async () => {
		const missing = await runCli(['--no-tui', '--ca-file', '/no/such.pem']);
		expect([missing.code, missing.stderr]).toEqual([2, 'gatebench: --ca-file /no/such.pem: no such file\n']);
		const notPem = await runCli(['--no-tui', '--ca-file', fileURLToPath(new URL('../../package.json', import.meta.url))]);
		expect(notPem.code).toBe(2);
		expect(notPem.stderr).toMatch(/--ca-file .*package\.json: no PEM certificate in it\n$/);
	});
});
