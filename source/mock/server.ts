import {handleResponses} from './responses.js';
import {createServer, type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse} from 'node:http';
import zlib from 'node:zlib';
import type {Http2ServerRequest, Http2ServerResponse} from 'node:http2';
import type {AddressInfo} from 'node:net';
import {frontDoor} from './front-door.js';
import type {Duplex} from 'node:stream';
import {handleAnthropic} from './anthropic.js';
import {Slots} from './slots.js';
import {loadTokenizer} from './latency.js';
import {createContext} from './context.js';
import {sendJson} from './http.js';
import {handleOpenAi} from './openai.js';
import {handleHealth, handleModels, handleTiming} from './models.js';
import {handlePing} from './ping.js';
import {handleSourcegraph} from './sourcegraph.js';
import {defaultMockOptions, mockFaults, type MockCompression, type MockContext, type MockFault, type MockOptions, type MockStats} from './mock-options.js';
import {createWebSocketRoutes, rejectUpgrade} from './websocket.js';
import {handleWitness, Witness} from './witness.js';

export {defaultMockOptions, isMockFault, mockFaults, type MockFault, type MockOptions, type MockStats} from './mock-options.js';

export type MockServer = {
	/** E.g. http://127.0.0.1:PORT, no trailing slash. */
	url: string;
	port: number;
	/** Live: tests may change knobs while it runs. */
	options: MockOptions;
	stats: MockStats;
	close(): Promise<void>;
};

export type StartMockOptions = Partial<MockOptions> & {port?: number; host?: string};

type Route = (request: IncomingMessage, response: ServerResponse, context: MockContext) => void;

const routes = new Map<string, Route>([
	['/v1/completions/anthropic-messages', (q, s, c) => handleAnthropic(q, s, c, true)],
	['/v1/messages', (q, s, c) => handleAnthropic(q, s, c, false)],
	['/v1/completions/fireworks', (q, s, c) => handleOpenAi(q, s, c, 'auto', true)],
	['/v1/completions', (q, s, c) => handleOpenAi(q, s, c, 'completions', false)],
	['/inference/v1/completions', (q, s, c) => handleOpenAi(q, s, c, 'completions', false)],
	['/v1/chat/completions', (q, s, c) => handleOpenAi(q, s, c, 'chat', false)],
	['/inference/v1/chat/completions', (q, s, c) => handleOpenAi(q, s, c, 'chat', false)],
	['/v1/responses', handleResponses],
	['/inference/v1/responses', handleResponses],
	['/.api/completions/stream', (q, s, c) => handleSourcegraph(q, s, c, true)],
	['/.api/completions/code', (q, s, c) => handleSourcegraph(q, s, c, false)],
	['/v2/http', handlePing],
	['/.api/gateway/http', handlePing],
	['/.api/gateway/http-then-websocket', handlePing],
]);

/** The routes that generate tokens: the ones a server's capacity limits. */
const completionRoutes = new Set([...routes.keys()].filter((path) => routes.get(path) !== handlePing));

/** The context with its delays stretched by `slowdown` for each other completion in service. */
function slowedDown(context: MockContext, others: number): MockContext {
	const factor = 1 + context.options.slowdown * Math.max(0, others);
	if (factor === 1) return context;
	const options = {...context.options, ttftMs: context.options.ttftMs * factor, tokenDelayMs: context.options.tokenDelayMs * factor};
	return {...context, options};
}

/** What clients probe before they send work: model lists and health (GuideLLM, AIPerf and SDKs do). */
const getRoutes = new Map<string, Route>([
	['/v1/models', handleModels],
	['/inference/v1/models', handleModels],
	['/health', handleHealth],
	['/mock/timing', handleTiming],
]);

const webSocketPaths = new Set(['/v2/websocket', '/.api/gateway/websocket']);
const maxUnknownPaths = 256;

function pathOf(url = '/'): string {
	const query = url.indexOf('?');
	return query === -1 ? url : url.slice(0, query);
}

/**
 * Compresses everything the reply writes, each write flushed at once so a stream keeps its pace;
 * `Content-Encoding` set and `Content-Length` dropped as the headers go out.
 */
function compressReplies(response: ServerResponse, encoding: MockCompression): void {
	const flush = {flush: zlib.constants.Z_SYNC_FLUSH};
	const zipper =
		encoding === 'br'
			? zlib.createBrotliCompress({flush: zlib.constants.BROTLI_OPERATION_FLUSH})
			: encoding === 'gzip'
				? zlib.createGzip(flush)
				: zlib.createDeflate(flush);
	const writeHead = response.writeHead.bind(response) as (status: number, headers?: OutgoingHttpHeaders) => ServerResponse;
	const write = response.write.bind(response) as (chunk: unknown) => boolean;
	const end = response.end.bind(response) as () => ServerResponse;
	zipper.on('data', (data: Buffer) => write(data));
	zipper.once('end', () => end());
	response.writeHead = ((status: number, headers: OutgoingHttpHeaders = {}) => {
		delete headers['content-length'];
		headers['content-encoding'] = encoding;
		return writeHead(status, headers);
	}) as ServerResponse['writeHead'];
	response.write = ((chunk: string | Buffer) => zipper.write(chunk)) as ServerResponse['write'];
	response.end = ((chunk?: string | Buffer) => {
		if (chunk !== undefined && typeof chunk !== 'function') zipper.write(chunk);
		zipper.end();
		return response;
	}) as ServerResponse['end'];
}

/** Rewrites the line endings of an event stream's writes (every SSE event is written as one LF-ended string). */
function endLinesWith(response: ServerResponse, eol: string): void {
	const write = response.write.bind(response) as (chunk: unknown, ...rest: unknown[]) => boolean;
	// SSE events and comments, not JSON bodies (their headers go through writeHead, out of getHeader's sight).
	const isEvent = (chunk: unknown): chunk is string => typeof chunk === 'string' && /^(?:data|event|id|retry)?:/.test(chunk);
	const rewritten = (chunk: unknown, ...rest: unknown[]): boolean => write(isEvent(chunk) ? chunk.replaceAll('\n', eol) : chunk, ...rest);

	response.write = rewritten as ServerResponse['write'];
}

/** The settings a mock started with these options runs with: the defaults, and what the options set. */
export function mockOptionsOf({port: _port, host: _host, ...rest}: StartMockOptions): MockOptions {
	const options: MockOptions = {...defaultMockOptions};
	for (const [key, value] of Object.entries(rest)) {
		if (value !== undefined) {
			(options as Record<string, unknown>)[key] = value;
		}
	}

	return options;
}

/** Starts the built-in mock gateway (Cody Gateway, Sourcegraph, Anthropic and OpenAI-style routes). */
export async function startMock(startOptions: StartMockOptions = {}): Promise<MockServer> {
	const {port: wantedPort = 0, host = '127.0.0.1'} = startOptions;
	const options = mockOptionsOf(startOptions);

	await loadTokenizer(options.tokenizer);
	const faults = Object.fromEntries(mockFaults.map((fault) => [fault, 0])) as Record<MockFault, number>;
	const stats: MockStats = {requests: 0, byPath: {}, wsMessages: 0, faults, connections: {http1: 0, h2c: 0, streams: 0}};
	let unknownPaths = 0;
	const count = (path: string): void => {
		stats.requests++;
		let key = path;
		if (stats.byPath[key] === undefined && !routes.has(key) && !getRoutes.has(key) && !webSocketPaths.has(key) && ++unknownPaths > maxUnknownPaths) {
			key = '(other)';
		}

		stats.byPath[key] = (stats.byPath[key] ?? 0) + 1;
	};

	const context = createContext(options, stats);
	const witness = options.witnessToken === undefined ? undefined : new Witness();
	const readWitness = handleWitness(witness, options.witnessToken);
	const slots = new Slots(options.slots > 0 ? options.slots : Number.POSITIVE_INFINITY);
	const webSockets = createWebSocketRoutes(context, stats);
	// Completions received and not yet over (generating, or queued for a slot): what /metrics reports.
	let completionsOpen = 0;
	const server = createServer({noDelay: true}, handle);
	const front = frontDoor(server, stats.connections, async () => {
		const {createServer: createHttp2Server} = await import('node:http2');
		// The compatibility API's request and response are what the routes use of node:http's.
		return createHttp2Server({}, handle as unknown as (request: Http2ServerRequest, response: Http2ServerResponse) => void);
	});
	function handle(request: IncomingMessage, response: ServerResponse): void {
		const path = pathOf(request.url);
		count(path);
		if (request.method === 'GET' && path === '/mock/witness') return readWitness(request, response, context);
		if (request.method === 'GET' && path === '/metrics') {
			request.resume();
			const queued = slots.queued;
			sendMetrics(response, {inService: completionsOpen - queued, queued, requests: stats.requests});
			return;
		}
		const route = request.method === 'POST' ? routes.get(path) : request.method === 'GET' ? getRoutes.get(path) : undefined;
		if (route === undefined) {
			request.resume();
			sendJson(response, 404, context.reply().headers, {error: 'not found'});
			return;
		}

		witness?.begin(request, response);
		// Behaviours of real servers that are legal but unusual, on every route.
		if (options.earlyHints) response.writeEarlyHints({link: '</mock.css>; rel=preload; as=style'});
		// The response lets go of its socket as it finishes: the socket is taken now.
		const socket = request.socket;
		if (options.closeAfterReply) response.once('finish', () => socket.end());
		// Compression wraps first so line endings are rewritten before the bytes are compressed.
		if (options.compress) compressReplies(response, options.compress);
		if (options.lineEndings !== 'lf') endLinesWith(response, options.lineEndings === 'cr' ? '\r' : '\r\n');
		if (completionRoutes.has(path)) {
			completionsOpen++;
			response.once('close', () => completionsOpen--);
		}

		if (!completionRoutes.has(path) || (options.slots <= 0 && options.slowdown <= 0)) {
			route(request, response, context);
			return;
		}

		// A completion takes a slot (waiting for one when all are busy) and holds it until its reply is over.
		slots.take((release) => {
			response.once('close', release);
			if (response.destroyed) return release();
			route(request, response, slowedDown(context, slots.inService - 1));
		});
	}
	server.keepAliveTimeout = 65_000;
	server.headersTimeout = 66_000;
	server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
		const path = pathOf(request.url);
		count(path);
		if (request.method === 'GET' && webSocketPaths.has(path)) {
			webSockets.upgrade(request, socket, head);
		} else {
			rejectUpgrade(socket, 404, context.reply().headers, '{"error":"not found"}\n');
		}
	});

	await new Promise<void>((resolve, reject) => {
		front.listener.once('error', reject);
		front.listener.listen(wantedPort, host, () => {
			front.listener.off('error', reject);
			resolve();
		});
	});

	const {port} = front.listener.address() as AddressInfo;
	let closing: Promise<void> | undefined;
	return {
		url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
		port,
		options,
		stats,
		async close() {
			closing ??= new Promise<void>((resolve) => {
				webSockets.close();
				front.listener.close(() => {
					resolve();
				});
				front.closeAll();
			});
			return closing;
		},
	};
}

/**
 * `GET /metrics`: the mock's own figures in Prometheus's text format, as vLLM, SGLang and TGI
 * expose theirs, so a run can read the server's side beside the client's (`--metrics-url`).
 */
function sendMetrics(response: ServerResponse, {inService, queued, requests}: {inService: number; queued: number; requests: number}): void {
	const family = (name: string, type: string, help: string, value: number) => `# HELP ${name} ${help}\n# TYPE ${name} ${type}\n${name} ${value}\n`;
	response.writeHead(200, {'content-type': 'text/plain; version=0.0.4; charset=utf-8'});
	response.end(
		family('gatebench_mock_requests_in_service', 'gauge', 'Completions being generated now.', inService) +
			family('gatebench_mock_requests_queued', 'gauge', 'Completions waiting for a slot (--slots).', queued) +
			family('gatebench_mock_requests_total', 'counter', 'Requests received, of every kind.', requests),
	);
}
