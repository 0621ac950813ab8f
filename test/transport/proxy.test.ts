import type {AddressInfo} from 'node:net';
import {afterEach, describe, expect, it} from 'vitest';
import {type MockServer, startMock} from '../../source/mock/server.js';
import type {JsonSummary} from '../../source/output/json.js';
import {runCli} from '../helpers/cli.js';
import {startHttpsPongServer, tlsFixture} from '../helpers/https-server.js';
import {startTestProxy, type TestProxy} from '../helpers/proxy.js';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
	for (const close of closers.splice(0).reverse()) await close();
});

const noProxy = {
	HTTP_PROXY: undefined,
	HTTPS_PROXY: undefined,
	http_proxy: undefined,
	https_proxy: undefined,
	NO_PROXY: undefined,
	no_proxy: undefined,
	ALL_PROXY: undefined,
	all_proxy: undefined,
};

async function proxy(options?: {refuse?: number}): Promise<TestProxy> {
	const started = await startTestProxy(options);
	closers.push(() => started.close());
	return started;
}

async function gateway(): Promise<MockServer> {
	const mock = await startMock({ttftMs: 2, tokenDelayMs: 1, minTokens: 3, maxTokens: 5});
	closers.push(() => mock.close());
	return mock;
}

async function run(args: readonly string[], env: NodeJS.ProcessEnv) {
	const {code, stdout, stderr} = await runCli(['--no-tui', '-n', '3', '--json', '-', ...args], {env: {...noProxy, ...env}});
	expect(stderr).not.toMatch(/\n\s+at /);
	return {code, stderr, json: JSON.parse(stdout) as JsonSummary};
}

describe('proxies', () => {
	it.each(['raw', 'undici', 'got'])('HTTP_PROXY and HTTPS_PROXY carry every request (--http-client %s), and the JSON says so', async (client) => {
		const [through, target] = await Promise.all([proxy(), gateway()]);
		const {code, json} = await run(['--pipeline', 'http', '--gateway', target.url, '--sgd', 'x', '--http-client', client], {HTTP_PROXY: through.url});
		expect(code).toBe(0);
		expect(json.endpoints[0]?.successful).toBe(3);
		expect(json.endpoints[0]?.proxy).toBe(through.url);
		expect(through.tunnels.length).toBeGreaterThan(0);
		expect(new Set(through.tunnels)).toEqual(new Set([new URL(target.url).host]));
	});

	it('the run header and the report say which proxy the requests went through', async () => {
		const [through, target] = await Promise.all([proxy(), gateway()]);
		const {stderr} = await run(['--pipeline', 'http', '--gateway', target.url, '--sgd', 'x'], {HTTPS_PROXY: through.url, HTTP_PROXY: through.url});
		expect(stderr).toContain(`through the proxy ${through.url}`);
		// Said before the report too, as the run starts.
		expect(stderr.indexOf(`gatebench: through proxy ${through.url}`)).toBeGreaterThan(-1);
		expect(stderr.indexOf(`gatebench: through proxy ${through.url}`)).toBeLessThan(stderr.indexOf('through the proxy'));
	});

	it('a direct run says nothing about proxies', async () => {
		const target = await gateway();
		const {stderr} = await run(['--pipeline', 'http', '--gateway', target.url, '--sgd', 'x'], {});
		expect(stderr).not.toMatch(/proxy/);
	});

	it.each(['raw', 'undici', 'got'])('an https target: TLS end to end inside the tunnel (--http-client %s)', async (client) => {
		const through = await proxy();
		const {server, close} = await startHttpsPongServer();
		closers.push(async () => close());
		const target = `localhost:${(server.address() as AddressInfo).port}`;
		const args = ['--pipeline', 'http', '--gateway', `https://${target}`, '--sgd', 'x', '--http-client', client, '--ca-file', tlsFixture('localhost-cert.pem')];
		const {code, json} = await run(args, {HTTPS_PROXY: through.url});
		expect(code).toBe(0);
		expect(json.endpoints[0]?.successful).toBe(3);
		expect(new Set(through.tunnels)).toEqual(new Set([target]));
	});

	it('a WebSocket goes through the proxy too, and --proxy sets it on the command line', async () => {
		const [through, target] = await Promise.all([proxy(), gateway()]);
		const {code, json} = await run(['--pipeline', 'websocket', '--gateway', target.url, '--sgd', 'x', '--proxy', through.url], {});
		expect(code).toBe(0);
		expect(json.endpoints[0]?.successful).toBe(3);
		expect(through.tunnels).toContain(new URL(target.url).host);
	});

	it('NO_PROXY sends a target direct', async () => {
		const [through, target] = await Promise.all([proxy(), gateway()]);
		const {code, json} = await run(['--pipeline', 'http', '--gateway', target.url, '--sgd', 'x'], {HTTP_PROXY: through.url, NO_PROXY: '127.0.0.1'});
		expect(code).toBe(0);
		expect(json.endpoints[0]?.proxy).toBeNull();
		expect(through.tunnels).toEqual([]);
	});

	it('the built-in mock is never reached through a proxy (it runs in this process)', async () => {
		const {code, json} = await run(['--pipeline', 'http'], {HTTP_PROXY: 'http://127.0.0.1:9'});
		expect(code).toBe(0);
		expect(json.endpoints.every((endpoint) => endpoint.proxy === null && endpoint.successful === 3)).toBe(true);
	});

	it.each(['raw', 'undici', 'got'])('failures at the proxy are proxy_error (--http-client %s): a refused tunnel and an unreachable proxy', async (client) => {
		const [refusing, target] = await Promise.all([proxy({refuse: 407}), gateway()]);
		const args = ['--pipeline', 'http', '--gateway', target.url, '--sgd', 'x', '--http-client', client];
		const refused = await run(args, {HTTP_PROXY: refusing.url});
		expect(refused.json.endpoints[0]?.errors).toEqual({proxy_error: 3});
		const unreachable = await run(args, {HTTP_PROXY: 'http://127.0.0.1:9'});
		expect(unreachable.json.endpoints[0]?.errors).toEqual({proxy_error: 3});
	});

	it('refuses a --proxy that is not an http(s) URL with one line, exit 2', async () => {
		const {code, stderr} = await runCli(['--no-tui', '--proxy', 'socks5://127.0.0.1:1080']);
		expect(code).toBe(2);
		expect(stderr).toMatch(/^gatebench: .*--proxy.*must start with http:\/\/ or https:\/\/\.\n$/);
	});
});
