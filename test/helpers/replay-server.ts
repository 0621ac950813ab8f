import {once} from 'node:events';
import {createServer, type IncomingMessage, type ServerResponse} from 'node:http';
import type {AddressInfo} from 'node:net';

/** Bytes a server writes, `atMs` after the request arrived. */
export type ReplayChunk = {readonly atMs: number; readonly bytes: string};

/** One reply of a real server, as its documentation or source shows it, with the timing we set. */
export type ServerFixture = {
	/** Where this shape comes from: the documentation page or source file it follows. */
	readonly source: string;
	readonly status?: number;
	readonly headers?: Readonly<Record<string, string>>;
	readonly chunks: ReadonlyArray<ReplayChunk | {readonly atMs: number; readonly data: Buffer}>;
	/** Keep the reply open after the last chunk, as a server that stalls does. @default false */
	readonly stall?: boolean;
};

export type ReplayServer = {
	readonly url: string;
	/** Path, headers and JSON body of every request received, in order. */
	readonly requests: ReadonlyArray<{readonly path: string; readonly headers: IncomingMessage['headers']; readonly body: unknown}>;
	close(): Promise<void>;
};

/** One SSE event, as servers frame it: an optional `event:` line, one `data:` line, a blank line. */
export const sse = (data: unknown, event?: string): string =>
	`${event === undefined ? '' : `event: ${event}\n`}data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`;

/** Chunks `gapMs` apart, the first at `atMs`. */
export const spaced = (atMs: number, gapMs: number, events: readonly string[]): ReplayChunk[] =>
	events.map((bytes, index) => ({atMs: atMs + index * gapMs, bytes}));

/**
 * Replays a fixture over a real socket on 127.0.0.1 for every request, with the fixture's timing,
 * so gatebench meets the bytes and the pace a real server would send.
 */
export async function startReplayServer(fixture: ServerFixture): Promise<ReplayServer> {
	if (fixture.chunks.some((chunk, index) => index > 0 && chunk.atMs < fixture.chunks[index - 1]!.atMs))
		throw new Error(`${fixture.source}: chunks out of time order`);
	const requests: Array<{path: string; headers: IncomingMessage['headers']; body: unknown}> = [];
	const timers = new Set<NodeJS.Timeout>();
	const reply = (request: IncomingMessage, response: ServerResponse, text: string) => {
		requests.push({path: request.url ?? '', headers: request.headers, body: text ? (JSON.parse(text) as unknown) : undefined});
		response.writeHead(fixture.status ?? 200, {'content-type': 'text/event-stream', 'cache-control': 'no-cache', ...fixture.headers});
		response.flushHeaders();
		const start = performance.now();
		// Node's timers may fire up to a millisecond early (libuv reads its clock once per loop turn), and
		// a chunk written before its time would make the client measure less than the fixture says: a
		// timer that wakes early sleeps again. Chunks due at the same moment are written in order.
		let next = 0;
		const writeDue = (): void => {
			const elapsed = performance.now() - start;
			while (next < fixture.chunks.length && fixture.chunks[next]!.atMs <= elapsed) {
				const chunk = fixture.chunks[next++]!;
				response.write('bytes' in chunk ? chunk.bytes : chunk.data);
			}

			if (next < fixture.chunks.length) {
				const timer = setTimeout(
					() => {
						timers.delete(timer);
						writeDue();
					},
					Math.max(1, Math.ceil(fixture.chunks[next]!.atMs - elapsed)),
				);
				timers.add(timer);
			} else if (!fixture.stall) response.end();
		};

		writeDue();
	};

	const server = createServer((request, response) => {
		let text = '';
		request.setEncoding('utf8');
		request.on('data', (part: string) => (text += part));
		request.on('end', () => reply(request, response, text));
	});
	server.listen(0, '127.0.0.1');
	await once(server, 'listening');
	const {port} = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		requests,
		async close() {
			for (const timer of timers) clearTimeout(timer);
			server.closeAllConnections();
			server.close();
			await once(server, 'close');
		},
	};
}

/** A server answering every request with one non-streamed OpenAI chat completion (platform.openai.com/docs/api-reference/chat/object), recording what was sent. */
export const startChatCompletionServer = (): Promise<ReplayServer> =>
	startReplayServer({
		source: 'OpenAI chat completion (platform.openai.com/docs/api-reference/chat/object)',
		headers: {'content-type': 'application/json'},
		chunks: [
			{
				atMs: 0,
				bytes: JSON.stringify({
					id: 'c',
					object: 'chat.completion',
					choices: [{index: 0, message: {role: 'assistant', content: 'ok'}, finish_reason: 'stop'}],
					usage: {prompt_tokens: 4, completion_tokens: 1, total_tokens: 5},
				}),
			},
		],
	});
