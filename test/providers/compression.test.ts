import {gzipSync, brotliCompressSync, deflateSync} from 'node:zlib';
import {afterEach, describe, expect, it} from 'vitest';
import type {JsonSummary} from '../../source/output/json.js';
import {chatChunk, usageChunk} from '../fixtures/servers/kit.js';
import {runCli} from '../helpers/cli.js';
import {type ReplayServer, sse, startReplayServer} from '../helpers/replay-server.js';

const servers: ReplayServer[] = [];
afterEach(async () => {
	for (const server of servers.splice(0)) await server.close();
});

const stream = [
	chatChunk('zip', {content: 'One'}),
	chatChunk('zip', {content: ' two'}),
	chatChunk('zip', {content: ' three'}),
	usageChunk('zip', {prompt_tokens: 5, completion_tokens: 3, total_tokens: 8}),
	sse('[DONE]'),
].join('');
const whole = JSON.stringify({
	id: 'chatcmpl-zip',
	object: 'chat.completion',
	choices: [{index: 0, message: {role: 'assistant', content: 'One two three'}, finish_reason: 'stop'}],
	usage: {prompt_tokens: 5, completion_tokens: 3, total_tokens: 8},
});
const encoders = {gzip: gzipSync, deflate: deflateSync, br: brotliCompressSync};

async function run(encoding: keyof typeof encoders, body: string, flags: readonly string[]) {
	const server = await startReplayServer({
		source: 'a server that compresses although asked for identity (RFC 9110 allows it)',
		headers: {'content-type': flags.includes('--stream') ? 'text/event-stream' : 'application/json', 'content-encoding': encoding},
		chunks: [{atMs: 100, data: encoders[encoding](Buffer.from(body))}],
	});
	servers.push(server);
	const {code, stdout, stderr} = await runCli(['--no-tui', '--openai', `${server.url}/v1`, '-n', '2', ...flags, '--json', '-'], {
		env: {OPENAI_API_KEY: undefined},
	});
	expect(code, stderr).toBe(0);
	return {endpoint: (JSON.parse(stdout) as JsonSummary).endpoints[0], server};
}

describe('compression: asked for identity, decoded when sent anyway', () => {
	it.each(['gzip', 'deflate', 'br'] as const)('a %s stream is decoded and measured', async (encoding) => {
		const {endpoint, server} = await run(encoding, stream, ['--stream']);
		expect(server.requests[0]?.headers['accept-encoding']).toBe('identity');
		expect(endpoint?.errors).toEqual({});
		expect(endpoint?.outputTokens?.total).toBe(6);
		expect(endpoint?.outputTokens?.mismatches).toBe(0);
		expect(endpoint?.ttftMs?.p50).toBeGreaterThanOrEqual(100);
	});

	it.each(['gzip', 'br'] as const)('a %s whole reply is decoded', async (encoding) => {
		const {endpoint} = await run(encoding, whole, []);
		expect(endpoint?.errors).toEqual({});
		expect(endpoint?.outputTokens?.total).toBe(6);
	});

	it('the user’s own Accept-Encoding is sent as given', async () => {
		const {server} = await run('gzip', whole, ['-H', 'Accept-Encoding: gzip']);
		expect(server.requests[0]?.headers['accept-encoding']).toBe('gzip');
	});
});
