import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {parse} from 'csv-parse/sync';
import {describe, expect, it} from 'vitest';
import {startMock} from '../../source/mock/server.js';
import type {JsonSummary} from '../../source/output/json.js';
import {fastMock, runCli} from '../helpers/cli.js';
import {tempDirPerTest} from '../helpers/temp.js';

/** The built-in mock, set to act as a real server may: the behaviours issue 12 met, reproducible locally. */
async function run(mockFlags: readonly string[], client: string, pipeline = 'http') {
	const {code, stdout, stderr} = await runCli([
		'--no-tui',
		'--pipeline',
		pipeline,
		'--stream',
		'-n',
		'24',
		'-c',
		'4',
		'--http-client',
		client,
		'--json',
		'-',
		...fastMock,
		...mockFlags,
	]);
	expect(code, stderr).toBe(0);
	return (JSON.parse(stdout) as JsonSummary).endpoints;
}

describe('mock: legal but unusual servers', () => {
	it.each(['raw', 'undici', 'got'])('--mock-close-after-reply: a server that closes after every reply loses no request (%s)', async (client) => {
		const endpoints = await run(['--mock-close-after-reply'], client);
		for (const endpoint of endpoints) {
			expect(endpoint.errors, endpoint.name).toEqual({});
			expect(endpoint.successful, endpoint.name).toBe(24);
			// The mock did close each connection: every request had to open one (undici cannot say).
			if (client !== 'undici') expect(endpoint.connectionsOpened, endpoint.name).toBe(24);
		}
	});

	it.each(['raw', 'undici', 'got'])('--mock-early-hints: a 103 before every reply is neither the reply nor its first byte (%s)', async (client) => {
		const endpoints = await run(['--mock-early-hints'], client, 'completions');
		for (const endpoint of endpoints) {
			expect(endpoint.errors, endpoint.name).toEqual({});
			expect(endpoint.successful, endpoint.name).toBe(24);
		}
	});
});

describe('mock: SSE line endings', () => {
	it.each(['cr', 'crlf'])('--mock-line-endings %s: the stream ends its lines so, and gatebench reads every event on time', async (eol) => {
		const mock = await startMock({ttftMs: 5, tokenDelayMs: 1, minTokens: 4, maxTokens: 4, lineEndings: eol as 'cr' | 'crlf'});
		try {
			const raw = await fetch(`${mock.url}/v1/chat/completions`, {method: 'POST', body: JSON.stringify({model: 'm', messages: [], stream: true})}).then(
				async (reply) => reply.text(),
			);
			expect(raw.includes('\n')).toBe(eol === 'crlf');
			expect(raw).toContain(eol === 'cr' ? 'data: [DONE]\r\r' : 'data: [DONE]\r\n\r\n');
		} finally {
			await mock.close();
		}

		const endpoints = await run([`--mock-line-endings`, eol], 'raw', 'completions');
		for (const endpoint of endpoints) {
			expect(endpoint.errors, endpoint.name).toEqual({});
			expect(endpoint.successful, endpoint.name).toBe(24);
		}
	});
});

describe('mock: compressed replies', () => {
	it.each(['gzip', 'deflate', 'br'] as const)(
		'--mock-compress %s: every reply is compressed although identity was asked, and still one SSE stream',
		async (encoding) => {
			const {request} = await import('node:http');
			const zlib = await import('node:zlib');
			// Tokens 30 ms apart: a compressor that buffered the reply would deliver it in one piece.
			const mock = await startMock({ttftMs: 5, tokenDelayMs: 30, minTokens: 6, maxTokens: 6, compress: encoding, lineEndings: 'crlf'});
			try {
				const {headers, pieces} = await new Promise<{headers: Record<string, unknown>; pieces: string[]}>((resolve, reject) => {
					const outgoing = request(`${mock.url}/v1/chat/completions`, {method: 'POST', headers: {'accept-encoding': 'identity'}}, (reply) => {
						const decoded: string[] = [];
						const unzip = encoding === 'br' ? zlib.createBrotliDecompress() : encoding === 'gzip' ? zlib.createGunzip() : zlib.createInflate();
						unzip.on('data', (chunk: Buffer) => decoded.push(chunk.toString()));
						unzip.on('end', () => resolve({headers: reply.headers, pieces: decoded}));
						unzip.on('error', reject);
						reply.pipe(unzip);
					});
					outgoing.on('error', reject);
					outgoing.end(JSON.stringify({model: 'm', messages: [], stream: true}));
				});
				expect(headers['content-encoding']).toBe(encoding);
				expect(headers['content-length']).toBeUndefined();
				// Each write is flushed as it is made, so the first event decodes long before the stream ends.
				expect(pieces[0]).toMatch(/^data: /);
				expect(pieces[0]).not.toContain('[DONE]');
				const text = pieces.join('');
				// Line endings were rewritten before compression, not inside the compressed bytes.
				expect(text).toContain('data: [DONE]\r\n\r\n');
			} finally {
				await mock.close();
			}
		},
	);

	it.each(['raw', 'undici', 'got'])('--mock-compress gzip: every client decodes streamed and whole replies and counts every token (%s)', async (client) => {
		for (const pipeline of ['completions', 'http']) {
			const plain = await run([], client, pipeline);
			const compressed = await run(['--mock-compress', 'gzip'], client, pipeline);
			for (const [index, endpoint] of compressed.entries()) {
				expect(endpoint.errors, endpoint.name).toEqual({});
				expect(endpoint.successful, endpoint.name).toBe(24);
				// The mock's replies are seeded: the same tokens arrive compressed or not.
				if (pipeline === 'completions') expect(endpoint.outputTokens?.total, endpoint.name).toBeGreaterThan(0);
				expect(endpoint.outputTokens?.total, endpoint.name).toBe(plain[index]?.outputTokens?.total);
			}
		}
	});
});

describe('mock: LiteLLM-style errors', () => {
	const tempDir = tempDirPerTest();

	it.each([
		[429, 'http_429:throttling_error'],
		[401, 'http_401:auth_error'],
		[500, 'http_500:internal_server_error'],
	])('--mock-error-style litellm: a %i repeats its status in `code` and is labelled by its type, with LiteLLM’s call id', async (status, kind) => {
		const mock = await startMock({ttftMs: 5, tokenDelayMs: 1, minTokens: 4, maxTokens: 4, failRate: 1, failStatus: status, errorStyle: 'litellm'});
		try {
			const reply = await fetch(`${mock.url}/v1/chat/completions`, {method: 'POST', body: JSON.stringify({model: 'm', messages: []})});
			expect(reply.headers.get('x-request-id')).toBeNull();
			expect(reply.headers.get('x-litellm-call-id')).toBeTruthy();
			const body = (await reply.json()) as {error: {code: unknown; message: string}};
			expect(body.error.code).toBe(String(status));
			expect(body.error.message).toMatch(/^litellm\.\w+Error: /);

			const requestCsv = join(tempDir(), 'requests.csv');
			const {code, stdout, stderr} = await runCli(
				['--no-tui', '--openai', `${mock.url}/v1`, '--stream', '-n', '3', '--request-csv', requestCsv, '--json', '-'],
				{
					env: {OPENAI_API_KEY: undefined},
				},
			);
			// Every request failed: exit 1, every figure still written.
			expect(code, stderr).toBe(1);
			expect((JSON.parse(stdout) as JsonSummary).endpoints[0]?.errors).toEqual({[kind]: 3});
			const rows = parse(readFileSync(requestCsv, 'utf8'), {columns: true}) as Array<Record<string, string>>;
			for (const row of rows) {
				expect(row['Error']).toMatch(/^litellm\.\w+Error: Injected failure/);
				// LiteLLM's call id is the only id the mock sends in this style.
				expect(row['Request ID']).toMatch(/\S/);
			}
		} finally {
			await mock.close();
		}
	});
});
