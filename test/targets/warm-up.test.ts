import {describe, expect, it} from 'vitest';
import {warmUpClient} from '../../source/targets/warm-up.js';
import {prepareTransport} from '../../source/transport/create.js';

describe('the client warmed up before any clock starts', () => {
	it.each(['raw', 'undici', 'got'] as const)(
		'runs %s through connecting anew, requests and streams against a server of its own, once a thread',
		async (client) => {
			await prepareTransport(client);
			// Twelve requests, every second on a new connection: eight read a stream of two tokens, four a ping's pong.
			expect(await warmUpClient(client)).toEqual({requests: 12, connections: 6, tokens: 16});
			expect(await warmUpClient(client)).toEqual({requests: 0, connections: 0, tokens: 0});
		},
	);
});
