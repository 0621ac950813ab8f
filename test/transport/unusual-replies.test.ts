import {createServer, type Server} from 'node:net';
import type {AddressInfo} from 'node:net';
import {afterEach, describe, expect, it} from 'vitest';
import {createTransport, prepareTransport} from '../../source/transport/create.js';

const servers: Server[] = [];
afterEach(async () => {
	await Promise.all(servers.splice(0).map(async (server) => new Promise((resolve) => server.close(resolve))));
});

/** A server that answers every request `pong`, after `before` and with `headers` of its own. */
async function replying({before = '', headers = ''}: {before?: string; headers?: string}): Promise<string> {
	const server = createServer((socket) => {
		socket.once('data', () => socket.write(`${before}HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\n${headers}content-length: 4\r\n\r\npong`));
		socket.on('error', () => {});
	});
	servers.push(server);
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/**
 * A server that answers every request on a connection with a 100 Continue first: written `apart`
 * (its own packet, the reply once the client has had time to read it), or `split` in two packets.
 */
async function continuing({apart = false, split = false}: {apart?: boolean; split?: boolean}): Promise<string> {
	const server = createServer((socket) => {
		const reply = 'HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: 4\r\n\r\npong';
		const later = (write: () => void) => setTimeout(write, 20);
		socket.on('data', () => {
			if (split) {
				socket.write('HTTP/1.1 100 Cont');
				later(() => socket.write(`inue\r\n\r\n${reply}`));
			} else if (apart) {
				socket.write('HTTP/1.1 100 Continue\r\n\r\n');
				later(() => socket.write(reply));
			}
		});
		socket.on('error', () => {});
	});
	servers.push(server);
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** `requests` requests one after another on one connection: each one's status and body, or the first error. */
async function send(client: 'raw' | 'undici' | 'got', origin: string, requests = 1): Promise<string> {
	await prepareTransport(client);
	const transport = createTransport(client, {origin, connections: 1});
	const replies: string[] = [];
	try {
		for (let index = 0; index < requests; index++) {
			const response = await transport.request({
				method: 'POST',
				path: '/',
				headers: {'content-type': 'text/plain'},
				body: 'ping',
				signal: new AbortController().signal,
			});
			let text = '';
			await response.consume(1024, (chunk) => (text += chunk.toString()));
			replies.push(`${response.status} ${text}`);
		}

		return replies.join(', ');
	} catch (error) {
		return `error: ${(error as Error).message}`;
	} finally {
		await transport.close();
	}
}

describe('replies every HTTP client must read, read alike', () => {
	it.each(['raw', 'undici', 'got'] as const)('40 KB of response headers (a gateway’s own): read by %s', async (client) => {
		expect(await send(client, await replying({headers: `x-big: ${'a'.repeat(40 * 1024)}\r\n`}))).toBe('200 pong');
	});

	it.each(['raw', 'undici', 'got'] as const)(
		'a 100 Continue the request did not ask for is read past by %s, in the reply’s packet or one of its own, on every request of a connection',
		async (client) => {
			expect(await send(client, await replying({before: 'HTTP/1.1 100 Continue\r\n\r\n'}))).toBe('200 pong');
			expect(await send(client, await continuing({apart: true}), 3)).toBe('200 pong, 200 pong, 200 pong');
		},
	);

	it('undici, when a 100 Continue comes split over two reads, says so and names the clients that read past it', async () => {
		expect(await send('undici', await continuing({split: true}))).toBe(
			'error: undici refuses a 100 Continue the request did not ask for (or a reply to no request): the raw and got clients read past it (--http-client raw)',
		);
	});
});
