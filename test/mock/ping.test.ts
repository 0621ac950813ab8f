import type {IncomingMessage} from 'node:http';
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest';
import WebSocket from 'ws';
import {startMock, type MockServer} from '../../source/mock/server.js';

const httpPaths = ['/v2/http', '/.api/gateway/http', '/.api/gateway/http-then-websocket'];
const wsPaths = ['/v2/websocket', '/.api/gateway/websocket'];

type Connected = {ws: WebSocket; upgrade: IncomingMessage};

async function connect(url: string, headers: Record<string, string> = {}): Promise<Connected> {
	const ws = new WebSocket(url, {headers});
	return new Promise((resolve, reject) => {
		let upgrade: IncomingMessage | undefined;
		ws.once('upgrade', (response) => {
			upgrade = response;
		});
		ws.once('open', () => {
			resolve({ws, upgrade: upgrade!});
		});
		ws.once('unexpected-response', (_request, response) => {
			reject(new Error(`HTTP ${response.statusCode}`));
		});
		ws.once('error', reject);
	});
}

async function exchange(ws: WebSocket, message: string): Promise<string> {
	return new Promise((resolve) => {
		ws.once('message', (data) => {
			resolve(String(data));
		});
		ws.send(message);
	});
}

describe('mock: ping endpoints', () => {
	let mock: MockServer;
	beforeAll(async () => {
		mock = await startMock();
	});
	afterAll(async () => mock.close());

	it.each(httpPaths)('POST %s answers pong with trace headers', async (path) => {
		const response = await fetch(mock.url + path, {method: 'POST', headers: {'content-type': 'application/json', authorization: 'token '}, body: 'ping'});
		expect(response.status).toBe(200);
		expect(await response.text()).toBe('pong');
		expect(response.headers.get('x-trace')).toMatch(/^[\da-f]{32}$/);
		expect(response.headers.get('x-trace-span')).toMatch(/^[\da-f]{16}$/);
	});

	it.each(wsPaths)('WebSocket %s answers ping with pong and anything else with unknown', async (path) => {
		const {ws, upgrade} = await connect(mock.url.replace('http', 'ws') + path, {'X-Sourcegraph-Should-Trace': 'true'});
		try {
			expect(upgrade.headers['x-trace']).toMatch(/^[\da-f]{32}$/);
			expect(upgrade.headers['x-trace-span']).toMatch(/^[\da-f]{16}$/);
			for (let i = 0; i < 3; i++) {
				expect(await exchange(ws, 'ping')).toBe('pong');
			}

			expect(await exchange(ws, 'hello')).toBe('unknown');
		} finally {
			ws.close();
		}
	});

	it('waits pingDelayMs before answering, over HTTP and WebSocket', async () => {
		const slow = await startMock({pingDelayMs: 30});
		try {
			let started = performance.now();
			const response = await fetch(slow.url + '/v2/http', {method: 'POST', body: 'ping'});
			expect(await response.text()).toBe('pong');
			expect(performance.now() - started).toBeGreaterThanOrEqual(25);
			const {ws} = await connect(slow.url.replace('http', 'ws') + '/v2/websocket');
			started = performance.now();
			expect(await exchange(ws, 'ping')).toBe('pong');
			expect(performance.now() - started).toBeGreaterThanOrEqual(25);
			ws.close();
		} finally {
			await slow.close();
		}
	});

	it('demands the token on HTTP pings and upgrades when requireToken is set', async () => {
		const guarded = await startMock({requireToken: 'sgp_ok'});
		try {
			const denied = await fetch(guarded.url + '/v2/http', {method: 'POST', body: 'ping', headers: {authorization: 'token sgp_no'}});
			expect(denied.status).toBe(401);
			expect(await denied.json()).toEqual({error: 'unauthorized'});
			const allowed = await fetch(guarded.url + '/v2/http', {method: 'POST', body: 'ping', headers: {authorization: 'Bearer sgp_ok'}});
			expect(await allowed.text()).toBe('pong');
			await expect(connect(guarded.url.replace('http', 'ws') + '/.api/gateway/websocket')).rejects.toThrow('HTTP 401');
			const {ws} = await connect(guarded.url.replace('http', 'ws') + '/.api/gateway/websocket', {authorization: 'token sgp_ok'});
			expect(await exchange(ws, 'ping')).toBe('pong');
			ws.close();
		} finally {
			await guarded.close();
		}
	});

	it('fails pings at failRate 1 with failStatus, and WebSocket pings with an error text', async () => {
		const failing = await startMock({failRate: 1, failStatus: 503});
		try {
			const response = await fetch(failing.url + '/v2/http', {method: 'POST', body: 'ping'});
			expect(response.status).toBe(503);
			expect(response.headers.get('x-should-retry')).toBe('false');
			expect(await response.json()).toMatchObject({error: expect.stringMatching(/failure/) as unknown});
			const {ws} = await connect(failing.url.replace('http', 'ws') + '/v2/websocket');
			expect(await exchange(ws, 'ping')).not.toBe('pong');
			ws.close();
		} finally {
			await failing.close();
		}
	});

	it('closes promptly with open WebSocket clients and keep-alive sockets', async () => {
		const server = await startMock({pingDelayMs: 10_000});
		const {ws} = await connect(server.url.replace('http', 'ws') + '/v2/websocket');
		const closed = new Promise((resolve) => ws.once('close', resolve));
		ws.send('ping');
		await fetch(server.url + '/nope').then(async (response) => response.text());
		const pending = fetch(server.url + '/v2/http', {method: 'POST', body: 'ping'}).catch((error: unknown) => error);
		// Both pings have reached the mock (the upgrade, /nope and the POST are its three requests) and wait there.
		await vi.waitFor(() => expect({requests: server.stats.requests, wsMessages: server.stats.wsMessages}).toEqual({requests: 3, wsMessages: 1}));
		const started = performance.now();
		await server.close();
		expect(performance.now() - started).toBeLessThan(3000);
		await closed;
		expect(await pending).toBeInstanceOf(Error);
	});
});
