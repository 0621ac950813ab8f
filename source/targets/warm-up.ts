import {createServer} from 'node:http';
import type {AddressInfo} from 'node:net';
import type {HttpClientName} from '../plan/run-plan.js';
import {createTransport} from '../transport/create.js';
import {decodedResponse} from '../transport/content-encoding.js';
import {readStream} from './sse-stream.js';

/** Requests of the warm-up: enough for V8 to compile the paths they take (each second one on a new connection). */
const rounds = 12;

const chunk = (text: string) => `data: {"choices":[{"index":0,"delta":{"content":"${text}"}}]}\n\n`;
const stream = `${chunk('warm')}${chunk('up')}data: {"choices":[],"usage":{"prompt_tokens":1,"completion_tokens":2}}\n\ndata: [DONE]\n\n`;

/** Clients warmed in this thread (V8 compiles per thread). */
const warmed = new Set<HttpClientName>();

/**
 * Pays the client's own first-use costs before any clock starts: connecting (`net.connect`, socket
 * options), writing a request, parsing a reply's head and its chunked body, and reading a stream's
 * events run first against a server of its own on 127.0.0.1, so that neither the first measured
 * connection nor the first requests carry the compiling of that code (a first connect took 3.7–6.7
 * ms where a warmed bare `net.connect` takes 0.2, and a first request 10–18 ms where the next took 1).
 * Nothing reaches the target. HTTPS's handshake code is not warmed (it needs a certificate).
 */
export async function warmUpClient(client: HttpClientName): Promise<WarmUp> {
	const done: WarmUp = {requests: 0, connections: 0, tokens: 0};
	if (warmed.has(client)) return done;
	warmed.add(client);
	let served = 0;
	const server = createServer((request, response) => {
		request.resume();
		request.on('end', () => {
			// Every second reply closes its connection: the next request connects anew.
			response.writeHead(200, {'content-type': 'text/event-stream', ...(++served % 2 === 0 ? {connection: 'close'} : {})});
			response.end(stream);
		});
	});
	server.on('connection', () => done.connections++);
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const {port} = server.address() as AddressInfo;
	const transport = createTransport(client, {origin: `http://127.0.0.1:${port}`, connections: 1});
	const signal = new AbortController().signal;
	try {
		for (let round = 0; round < rounds; round++) {
			const response = await transport.request({
				method: 'POST',
				path: '/v1/chat/completions',
				headers: {'content-type': 'application/json'},
				body: '{"warm":true}',
				signal,
			});
			const reading = await readStream(decodedResponse(response), 'openai', 1 << 16);
			done.requests++;
			done.tokens += reading.contentEvents;
		}
	} finally {
		await transport.close();
		server.closeAllConnections();
		await new Promise((resolve) => server.close(resolve));
	}

	return done;
}

/** What the warm-up ran: requests, the connections they came on, and the tokens read from their streams (none when the thread was warm). */
export type WarmUp = {requests: number; connections: number; tokens: number};
