import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {parse} from 'csv-parse/sync';
import {afterEach, describe, expect, it} from 'vitest';
import {chatChunk} from '../fixtures/servers/kit.js';
import {runCli} from '../helpers/cli.js';
import {type ReplayServer, type ServerFixture, startReplayServer} from '../helpers/replay-server.js';
import {tempDirPerTest} from '../helpers/temp.js';

const tempDir = tempDirPerTest();
const servers: ReplayServer[] = [];
afterEach(async () => {
	for (const server of servers.splice(0)) await server.close();
});

/** One request against `fixture`, as a row of the request CSV. */
async function row(fixture: ServerFixture, flags: readonly string[]): Promise<Record<string, string>> {
	const server = await startReplayServer(fixture);
	servers.push(server);
	const requestCsv = join(tempDir(), 'requests.csv');
	const {code, stderr} = await runCli(['--no-tui', '--openai', `${server.url}/v1`, '-n', '1', '--request-csv', requestCsv, ...flags], {
		env: {OPENAI_API_KEY: undefined},
	});
	const rows = parse(readFileSync(requestCsv, 'utf8'), {columns: true}) as Array<Record<string, string>>;
	expect(rows).toHaveLength(1);
	// A run whose only request failed exits 1 ("no request succeeded"); one that succeeded, 0.
	expect(code, stderr).toBe(rows[0]?.['Outcome'] === 'ok' ? 0 : 1);
	return rows[0]!;
}

describe('a failed row keeps what arrived', () => {
	it('a stream that stalls after three tokens times out with its bytes, TTFT and tokens so far', async () => {
		const tokens = ['One', ' two', ' three'].map((text, index) => ({atMs: 100 + index * 20, bytes: chatChunk('staller', {content: text})}));
		const result = await row({source: 'a server that stops sending mid-stream', chunks: tokens, stall: true}, ['--stream', '--timeout', '700ms']);
		expect(result['Outcome']).toBe('timeout');
		expect(Number(result['Bytes'])).toBe(tokens.reduce((sum, chunk) => sum + Buffer.byteLength(chunk.bytes), 0));
		expect(Number(result['TTFT (ms)'])).toBeGreaterThanOrEqual(100);
		expect(Number(result['TTFT (ms)'])).toBeLessThan(600);
		expect(result['Output Tokens']).toBe('3');
		expect(result['Tokens Estimated']).toBe('true');
	});

	it('an error status that arrived is the outcome, even when its body then stalls', async () => {
		const result = await row(
			{
				source: 'a gateway that sends 503 headers and never finishes the body',
				status: 503,
				headers: {'content-type': 'application/json'},
				chunks: [{atMs: 0, bytes: '{"error":'}],
				stall: true,
			},
			['--timeout', '500ms'],
		);
		expect(result['Outcome']).toBe('http_503');
		expect(result['Status']).toBe('503');
		expect(result['Bytes']).toBe('9');
		expect(result['Error']).toMatch(/reading the 503 reply's body: timeout/);
	});
});

describe('a stream request answered with something else', () => {
	it.each([
		['JSON', 'application/json', '{"id":"chatcmpl-1","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"hi"}}]}'],
		['HTML', 'text/html', '<html><body><h1>502 Bad Gateway</h1></body></html>\n<!-- proxy -->'],
	])('a %s 200 is not_a_stream, with its first bytes as the message', async (_name, type, body) => {
		const result = await row({source: 'a proxy or server that ignores stream: true', headers: {'content-type': type}, chunks: [{atMs: 0, bytes: body}]}, [
			'--stream',
		]);
		expect(result['Outcome']).toBe('not_a_stream');
		// What came instead: its content type and its start, on one line, at most 80 characters.
		const gist = `got ${type}: ${body.replaceAll('\n', ' ')}`;
		expect(result['Error']).toBe(gist.length <= 80 ? gist : `${gist.slice(0, 79)}…`);
	});
});
