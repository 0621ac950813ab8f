import {once} from 'node:events';
import {createServer} from 'node:http';
import type {AddressInfo} from 'node:net';
import {afterEach, describe, expect, it} from 'vitest';
import {type MockServer, startMock} from '../../source/mock/server.js';
import {listModels} from '../../source/targets/list-models.js';

const closers: Array<() => Promise<void> | void> = [];
afterEach(async () => {
	for (const close of closers.splice(0)) await close();
});

const tls = {insecure: false};

async function mock(): Promise<MockServer> {
	const server = await startMock({});
	closers.push(async () => server.close());
	return server;
}

/** A server that answers every request with `status` and `body`, and keeps the headers it was sent. */
async function answering(status: number, body: string, type = 'application/json') {
	const seen: Array<Record<string, string | string[] | undefined>> = [];
	const http = createServer((request, response) => {
		seen.push(request.headers);
		response.writeHead(status, {'content-type': type});
		response.end(body);
	});
	http.listen(0, '127.0.0.1');
	await once(http, 'listening');
	closers.push(() => {
		http.closeAllConnections();
		http.close();
	});
	return {url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`, seen};
}

describe('listing a server’s models for Setup', () => {
	it('reads an OpenAI-compatible server’s and Anthropic’s GET /v1/models', async () => {
		const server = await mock();
		await expect(listModels({target: 'openai-compatible', config: {url: `${server.url}/v1`}}, tls)).resolves.toContain('gpt-4o-mini');
		const anthropic = await listModels({target: 'anthropic', config: {url: server.url, token: 'sk-ant-test'}}, tls);
		expect(anthropic.some((id) => id.startsWith('claude'))).toBe(true);
	});

	it('sends each provider’s own key header', async () => {
		const server = await answering(200, '{"data":[{"id":"m-1"}]}');
		await listModels({target: 'openai-compatible', config: {url: `${server.url}/v1`, token: 'sk-openai'}}, tls);
		await listModels({target: 'anthropic', config: {url: server.url, token: 'sk-ant'}}, tls);
		expect(server.seen[0]?.['authorization']).toBe('Bearer sk-openai');
		expect(server.seen[1]?.['x-api-key']).toBe('sk-ant');
		expect(server.seen[1]?.['anthropic-version']).toBe('2023-06-01');
	});

	it('rejects with one line: a refused key, a reply that is no list, an HTML page (what it was, escaped, at most 80 characters), a refused connection', async () => {
		const refused = await answering(401, '{"error":{"type":"authentication_error"}}');
		await expect(listModels({target: 'openai-compatible', config: {url: refused.url}}, tls)).rejects.toThrow(/^HTTP 401 from http:\/\/127\.0\.0\.1:\d+$/);
		const odd = await answering(200, '{"models":[]}');
		await expect(listModels({target: 'openai-compatible', config: {url: odd.url}}, tls)).rejects.toThrow('the reply has no "data" list');
		const page = `<!DOCTYPE html>\n<html><head><title>\u001B[31mSign in</title></head><body>${'x'.repeat(200)}</body></html>`;
		const html = await answering(200, page, 'text/html; charset=utf-8');
		const rejected = await listModels({target: 'openai-compatible', config: {url: html.url}}, tls).catch((error: unknown) => error);
		expect(rejected).toBeInstanceOf(Error);
		const message = (rejected as Error).message;
		expect(message).toMatch(/^not a model list: got text\/html: <!DOCTYPE html> <html><head><title> Sign in<\/title>.*…$/);
		expect(message.length).toBeLessThanOrEqual('not a model list: '.length + 80);
		expect(message).not.toContain('\u001B');
		await expect(listModels({target: 'openai-compatible', config: {url: 'http://127.0.0.1:1/v1'}}, tls)).rejects.toThrow(
			/^connect ECONNREFUSED 127\.0\.0\.1:1$/,
		);
	});
});
