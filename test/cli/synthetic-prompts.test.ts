import {readFileSync, writeFileSync} from 'node:fs';
import {encode as o200k} from 'gpt-tokenizer/encoding/o200k_base';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {fastMock, runCli} from '../helpers/cli.js';
import {spaced, sse, startChatCompletionServer, startReplayServer} from '../helpers/replay-server.js';
import {tempDirPerTest} from '../helpers/temp.js';
import {readCsv as readRows} from '../helpers/csv.js';

const tempDir = tempDirPerTest();

type ChatBody = {messages: Array<{content: string}>; max_tokens: number; min_tokens?: number; ignore_eos?: boolean};

describe('synthetic prompts and output lengths', () => {
	it('--input-tokens 256:0 makes prompts the server counts as 256 tokens (±1 %), unique prefix included', {timeout: 30_000}, async () => {
		const csv = join(tempDir(), 'requests.csv');
		const json = join(tempDir(), 'run.json');
		const args = [
			'--no-tui',
			'--openai',
			'mock',
			'--stream',
			'-n',
			'12',
			'--input-tokens',
			'256:0',
			'--mock-tokenizer',
			'o200k',
			'--request-csv',
			csv,
			'--json',
			json,
		];
		const {code, stderr} = await runCli([...args, ...fastMock]);
		expect(code, stderr).toBe(0);
		expect(stderr).toContain('gatebench: synthetic prompts of 256 tokens · unique prefix on every request');
		const rows = readRows(csv);
		expect(rows).toHaveLength(12);
		for (const row of rows) {
			expect(Number(row['Input Tokens'])).toBeGreaterThanOrEqual(256 * 0.99);
			expect(Number(row['Input Tokens'])).toBeLessThanOrEqual(256 * 1.01);
		}

		expect(new Set(rows.map((row) => row['Prompt ID'])).size).toBe(12);
		// Input tokens in all and per second, over the endpoint's time, as output tokens are.
		const [endpoint] = (
			JSON.parse(readFileSync(json, 'utf8')) as {endpoints: Array<{elapsedMs: number; outputTokens: {input: number; inputPerSecond: number}}>}
		).endpoints;
		expect(endpoint?.outputTokens.input).toBe(rows.reduce((sum, row) => sum + Number(row['Input Tokens']), 0));
		expect(endpoint?.outputTokens.inputPerSecond).toBeCloseTo((endpoint?.outputTokens.input ?? 0) / ((endpoint?.elapsedMs ?? 1) / 1000), 0);
	});

	it(
		'--output-tokens 20 --exact-output: every request asks for 20 (min_tokens and ignore_eos too) and the server generates 20',
		{timeout: 30_000},
		async () => {
			const csv = join(tempDir(), 'requests.csv');
			const {code, stderr} = await runCli([
				'--no-tui',
				'--openai',
				'mock',
				'--stream',
				'-n',
				'8',
				'--output-tokens',
				'20',
				'--exact-output',
				'--request-csv',
				csv,
				...fastMock,
			]);
			expect(code, stderr).toBe(0);
			// The mock would stop after 5 to 20 tokens (fastMock) but for ignore_eos.
			for (const row of readRows(csv)) expect([row['Requested Output Tokens'], row['Output Tokens']]).toEqual(['20', '20']);
			const server = await startChatCompletionServer();
			try {
				const sent = await runCli(['--no-tui', '--openai', `${server.url}/v1`, '-n', '2', '--output-tokens', '20', '--exact-output']);
				expect(sent.code, sent.stderr).toBe(0);
				for (const request of server.requests) expect(request.body).toMatchObject({max_tokens: 20, min_tokens: 20, ignore_eos: true});
			} finally {
				await server.close();
			}
		},
	);

	it('--seed gives the same prompts and lengths each run; lengths vary around the mean with a deviation', {timeout: 30_000}, async () => {
		const server = await startChatCompletionServer();
		try {
			const run = async () => {
				const from = server.requests.length;
				const args = ['--no-tui', '--openai', `${server.url}/v1`, '-n', '30', '--input-tokens', '100:30', '--output-tokens', '50:10', '--seed', '3'];
				const {code, stderr} = await runCli([...args, '--no-unique-prefix']);
				expect(code, stderr).toBe(0);
				return server.requests.slice(from).map((request) => request.body as ChatBody);
			};
			const [first, second] = [await run(), await run()];
			expect(second).toEqual(first);
			const words = first.map((body) => body.messages[0]?.content.split(' ').length ?? 0);
			const asked = first.map((body) => body.max_tokens);
			// Drawn from normal distributions: spread out, centred near the mean.
			expect(new Set(words).size).toBeGreaterThan(10);
			expect(words.reduce((sum, count) => sum + count, 0) / words.length).toBeGreaterThan(80);
			expect(words.reduce((sum, count) => sum + count, 0) / words.length).toBeLessThan(120);
			expect(new Set(asked).size).toBeGreaterThan(5);
			expect(Math.min(...asked)).toBeGreaterThanOrEqual(1);
		} finally {
			await server.close();
		}
	});

	it("a server that reports no input tokens gets gatebench's own count of the synthetic prompt, marked as counted", {timeout: 30_000}, async () => {
		// A chat completion stream without a usage chunk, as servers that ignore stream_options send it.
		const delta = (content: string) => sse({id: 'c', object: 'chat.completion.chunk', choices: [{index: 0, delta: {content}, finish_reason: null}]});
		const server = await startReplayServer({
			source: 'OpenAI chat completion chunks (platform.openai.com/docs/api-reference/chat-streaming), no usage chunk',
			chunks: spaced(0, 5, [delta('Hel'), delta('lo'), 'data: [DONE]\n\n']),
		});
		try {
			const csv = join(tempDir(), 'requests.csv');
			const {code, stderr} = await runCli(['--no-tui', '--openai', `${server.url}/v1`, '--stream', '-n', '4', '--input-tokens', '100', '--request-csv', csv]);
			expect(code, stderr).toBe(0);
			for (const row of readRows(csv)) expect([row['Input Tokens'], row['Input Tokens Counted']]).toEqual(['100', 'true']);
			// A prompt file's prompts are counted too (o200k_base), as each is first sent.
			const file = join(tempDir(), 'p.txt');
			writeFileSync(file, 'What is HTTP?\nExplain TCP slow start in two sentences.\n');
			const fromFile = join(tempDir(), 'file.csv');
			const run = await runCli([
				'--no-tui',
				'--openai',
				`${server.url}/v1`,
				'--stream',
				'-n',
				'4',
				'--prompts',
				file,
				'--no-unique-prefix',
				'--request-csv',
				fromFile,
			]);
			expect(run.code, run.stderr).toBe(0);
			const expected = ['What is HTTP?', 'Explain TCP slow start in two sentences.'].map((text) => String(o200k(text).length));
			expect(readRows(fromFile).map((row) => [row['Input Tokens'], row['Input Tokens Counted']])).toEqual(
				[...expected, ...expected].map((count) => [count, 'true']),
			);
		} finally {
			await server.close();
		}

		// The mock reports usage: that is what counts, and nothing is marked.
		const csv = join(tempDir(), 'mock.csv');
		const {code} = await runCli([
			'--no-tui',
			'--openai',
			'mock',
			'-n',
			'2',
			'--input-tokens',
			'100',
			'--mock-tokenizer',
			'o200k',
			'--request-csv',
			csv,
			...fastMock,
		]);
		expect(code).toBe(0);
		for (const row of readRows(csv)) expect([row['Input Tokens'], row['Input Tokens Counted']]).toEqual(['100', '']);
	});

	it('refuses what cannot go together, in one line', async () => {
		for (const [args, message] of [
			[['--input-tokens', 'lots'], '--input-tokens lots: expected tokens, or tokens:deviation, e.g. 512 or 512:64'],
			[['--output-tokens', '0'], '--output-tokens 0: expected tokens, or tokens:deviation, e.g. 512 or 512:64'],
			[['--input-tokens', '256', '--prompt', 'hi'], '--input-tokens makes its own prompts: drop --prompts, --prompt or --prompt-file'],
			[['--exact-output'], '--exact-output needs --output-tokens'],
		] as const) {
			const {code, stderr} = await runCli(['--no-tui', '--openai', 'mock', ...args]);
			expect(code).toBe(2);
			expect(stderr).toBe(`gatebench: ${message}\n`);
		}
	});
});
