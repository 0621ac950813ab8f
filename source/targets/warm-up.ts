import {createServer, type OutgoingHttpHeaders} from 'node:http';
import type {Readable} from 'node:stream';
import type {AddressInfo} from 'node:net';
import type {HttpClientName} from '../plan/run-plan.js';
import {createTransport} from '../transport/create.js';
import {ClientMonitor} from '../engine/client-load.js';
import {type Completed, runClosedLoop, runOpenLoop} from '../engine/scheduler.js';
import {completionReader} from './completion-reply.js';
import {createHttpEndpoint} from './http-endpoint.js';
import {readPong} from './http-ping.js';

/** Requests of the warm-up: enough for V8 to compile the paths they take (each second one on a new connection). */
const rounds = 12;
const path = '/v1/chat/completions';

const chunk = (text: string) => `data: {"choices":[{"index":0,"delta":{"content":"${text}"}}]}\n\n`;
const rest = `${chunk('up')}data: {"choices":[],"usage":{"prompt_tokens":1,"completion_tokens":2}}\n\ndata: [DONE]\n\n`;

/** Clients warmed in this thread (V8 compiles per thread). */
const warmed = new Set<string>();

/**
 * Pays the client's own first-use costs before any clock starts: connecting (`net.connect`, socket
 * options), writing a request, parsing a reply's head and its body (chunked, or sized), reading a
 * stream's events and a ping's `pong`, and the endpoint and schedulers around them, run first against
 * a server of its own on 127.0.0.1, so that neither the first measured connection nor the first
 * requests carry the compiling of that code (a first connect took 3.7–6.7
 * ms where a warmed bare `net.connect` takes 0.2, and a first request 10–18 ms where the next took 1).
 * Nothing reaches the target. HTTPS's handshake code is not warmed (it needs a certificate).
 */
export async function warmUpClient(client: HttpClientName, http2 = false): Promise<WarmUp> {
	const done: WarmUp = {requests: 0, connections: 0, tokens: 0};
	const key = `${client}${http2 ? ' h2' : ''}`;
	if (warmed.has(key)) return done;
	warmed.add(key);
	let served = 0;
	const reply = (
		request: Readable,
		response: {writeHead(status: number, headers: OutgoingHttpHeaders): unknown; write(body: string): unknown; end(body: string): unknown},
	) => {
		request.resume();
		request.on('end', () => {
			served++;
			// Every second reply closes its HTTP/1.1 connection: the next request connects anew.
			const closing = served % 2 === 0 && !http2 ? {connection: 'close'} : {};
			// Every third is a ping's `pong` (a sized body, read whole); the others a stream, its body chunked.
			if (served % 3 === 0) {
				response.writeHead(200, {'content-type': 'text/plain', 'content-length': 4, ...closing});
				response.end('pong');
				return;
			}

			response.writeHead(200, {'content-type': 'text/event-stream', ...closing});
			response.write(chunk('warm'));
			response.end(rest);
		});
	};
	// HTTP/2 (h2c) has its own connect and framing paths (Node's http2, or undici's h2 client) to compile.
	const server = http2 ? (await import('node:http2')).createServer(reply) : createServer(reply);
	server.on('connection', () => done.connections++);
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const {port} = server.address() as AddressInfo;
	const transport = createTransport(client, {origin: `http://127.0.0.1:${port}`, connections: 1, ...(http2 ? {http2: {streamsPerConnection: 1}} : {})});
	// Through an endpoint and both schedulers, as a run's requests go: their code too is compiled before
	// the clock starts (left cold, it made a trace's first request 2–5 ms late).
	const readStream = completionReader({path, body: {}, format: 'openai', usage: 'openai'}, true);
	const endpoint = createHttpEndpoint({
		info: {name: 'warm-up', pipeline: 'completions', target: 'gateway', provider: 'openai', stream: true, url: `http://127.0.0.1:${port}${path}`},
		transport,
		method: 'POST',
		path,
		headers: {'content-type': 'application/json'},
		body: '{"warm":true}',
		timeoutMs: 10_000,
		readReply: (response, progress) => (response.headers['content-type'] === 'text/plain' ? readPong(response) : readStream(response, progress)),
	});
	const phase = {
		count: rounds / 2,
		load: {concurrency: 1, rate: 1e6},
		createWorker: endpoint.createWorker,
		signal: new AbortController().signal,
		onComplete({measurement}: Completed) {
			done.requests++;
			done.tokens += measurement.tokens?.output ?? 0;
		},
	};
	try {
		await runClosedLoop(phase);
		await runOpenLoop(phase);
		// The run's client monitor, started at the clock: its first enabling and readings are compiled here.
		const monitor = new ClientMonitor().start();
		monitor.window();
		monitor.total();
		monitor.stop();
	} finally {
		await endpoint.close();
		if ('closeAllConnections' in server) server.closeAllConnections();
		await new Promise((resolve) => server.close(resolve));
	}

	return done;
}

/** What the warm-up ran: requests, the connections they came on, and the tokens read from their streams (none when the thread was warm). */
export type WarmUp = {requests: number; connections: number; tokens: number};
