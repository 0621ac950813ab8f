import {readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {fastMock, runCli} from '../helpers/cli.js';
import {startChatCompletionServer} from '../helpers/replay-server.js';
import {tempDirPerTest} from '../helpers/temp.js';
import {readCsv as readRows} from '../helpers/csv.js';

const tempDir = tempDirPerTest();

type Row = Record<string, string>;
/** An endpoint's prompt ids in request order. */
const bySequence = (rows: readonly Row[], endpoint: string) =>
	rows
		.filter((row) => row['Endpoint'] === endpoint)
		.sort((a, b) => Number(a['Sequence']) - Number(b['Sequence']))
		.map((row) => row['Prompt ID']);

/** Three prompts of 40, 80 and 120 characters: the mock counts 10, 20 and 30 input tokens (a token per 4 characters). */
const texts = ['a'.repeat(40), 'b'.repeat(80), 'c'.repeat(120)];
const inputTokens = (text: string) => String(Math.ceil(text.length / 4));

const files: ReadonlyArray<readonly [format: string, name: string, content: string, ids: readonly string[]]> = [
	['a JSONL', 'p.jsonl', texts.map((text, index) => JSON.stringify({id: `j${index}`, prompt: text})).join('\n'), ['j0', 'j1', 'j2']],
	['a plain text', 'p.txt', texts.join('\n\n'), ['1', '3', '5']],
	[
		'a ShareGPT',
		'sharegpt.json',
		JSON.stringify(
			texts.map((text, index) => ({
				id: `s${index}`,
				conversations: [
					{from: 'human', value: text},
					{from: 'gpt', value: 'ok'},
				],
			})),
		),
		['s0', 's1', 's2'],
	],
	[
		'an OpenAI batch',
		'batch.jsonl',
		texts
			.map((text, index) =>
				JSON.stringify({custom_id: `b${index}`, method: 'POST', url: '/v1/chat/completions', body: {model: 'm', messages: [{role: 'user', content: text}]}}),
			)
			.join('\n'),
		['b0', 'b1', 'b2'],
	],
];

describe('--prompts: a prompt set drives the completions requests', () => {
	it.each(files)(
		'%s file: each request carries the next prompt, its id and input tokens in the request CSV',
		{timeout: 30_000},
		async (_format, name, content, ids) => {
			const folder = tempDir();
			const file = join(folder, name);
			writeFileSync(file, content);
			const csv = join(folder, 'requests.csv');
			const json = join(folder, 'run.json');
			// Without the unique prefix, so that the mock counts each prompt as it is.
			const args = ['--no-tui', '--openai', 'mock', '-n', '6', '--prompts', file, '--no-unique-prefix', '--request-csv', csv, '--json', json];
			const {code, stderr} = await runCli([...args, ...fastMock]);
			expect(code, stderr).toBe(0);
			const rows = readRows(csv).sort((a, b) => Number(a['Sequence']) - Number(b['Sequence']));
			expect(rows.map((row) => row['Prompt ID'])).toEqual([...ids, ...ids]);
			for (const row of rows) expect(row['Input Tokens']).toBe(inputTokens(texts[ids.indexOf(row['Prompt ID'] ?? '')] ?? ''));
			const summary = JSON.parse(readFileSync(json, 'utf8')) as {prompts: {file: string; count: number}; load: {seed: number | null}};
			expect(summary.prompts).toMatchObject({file, count: 3});
			expect(summary.load.seed).toBeNull();
		},
	);

	it(
		'--seed draws the same prompts each run, and every endpoint of an interleaved run gets the same prompt for the same request',
		{timeout: 30_000},
		async () => {
			const folder = tempDir();
			const file = join(folder, 'p.jsonl');
			writeFileSync(file, Array.from({length: 20}, (_, index) => JSON.stringify({id: `p${index}`, prompt: `prompt number ${index}`})).join('\n'));
			const run = async (name: string) => {
				const csv = join(folder, name);
				const args = [
					'--no-tui',
					'--openai',
					'mock',
					'--anthropic',
					'mock',
					'--interleave',
					'-n',
					'12',
					'--prompts',
					file,
					'--seed',
					'7',
					'--request-csv',
					csv,
				];
				const {code, stderr} = await runCli([...args, ...fastMock]);
				expect(code, stderr).toBe(0);
				return readRows(csv);
			};
			const [first, second] = [await run('one.csv'), await run('two.csv')];
			const endpoints = [...new Set(first.map((row) => row['Endpoint'] ?? ''))];
			expect(endpoints).toHaveLength(2);
			const drawn = bySequence(first, endpoints[0] ?? '');
			// Drawn, not in order; the same for both endpoints and for the second run.
			expect(drawn).not.toEqual(Array.from({length: 12}, (_, index) => `p${index}`));
			expect(new Set(drawn).size).toBeGreaterThan(4);
			expect(bySequence(first, endpoints[1] ?? '')).toEqual(drawn);
			expect(bySequence(second, endpoints[0] ?? '')).toEqual(drawn);
		},
	);

	it(
		'puts a prefix of its own on every prompt by default, so no cache can serve a repeat; --no-unique-prefix sends them as they are',
		{timeout: 30_000},
		async () => {
			const folder = tempDir();
			const file = join(folder, 'p.txt');
			writeFileSync(file, 'What is HTTP?\nWhat is TCP?\n');
			const server = await startChatCompletionServer();
			try {
				const run = async (...extra: string[]) => {
					const from = server.requests.length;
					const {code, stderr} = await runCli(['--no-tui', '--openai', `${server.url}/v1`, '-n', '6', '--prompts', file, ...extra]);
					expect(code, stderr).toBe(0);
					return server.requests.slice(from).map((request) => (request.body as {messages: Array<{content: string}>}).messages[0]?.content ?? '');
				};
				const prefixed = await run();
				expect(new Set(prefixed).size).toBe(6);
				for (const [index, content] of prefixed.entries())
					expect(content).toMatch(index % 2 === 0 ? /^(?:[a-z]+ ){7}[a-z]+\nWhat is HTTP\?$/ : /^(?:[a-z]+ ){7}[a-z]+\nWhat is TCP\?$/);
				// A second run has a prefix of its own too: nothing it sends was sent before.
				const again = await run();
				expect(again.filter((content) => prefixed.includes(content))).toEqual([]);
				expect(await run('--no-unique-prefix')).toEqual(['What is HTTP?', 'What is TCP?', 'What is HTTP?', 'What is TCP?', 'What is HTTP?', 'What is TCP?']);
			} finally {
				await server.close();
			}
		},
	);

	it(
		'a comparison file names its prompt set (beside the file) and seed in "load"; every endpoint gets the same prompt per request',
		{timeout: 30_000},
		async () => {
			const folder = tempDir();
			writeFileSync(join(folder, 'p.txt'), Array.from({length: 10}, (_, index) => `question ${index}`).join('\n'));
			const compare = join(folder, 'compare.json');
			const endpoints = [
				{name: 'anthropic', kind: 'anthropic', url: 'mock'},
				{name: 'openai', kind: 'openai-compatible', url: 'mock', model: 'm'},
			];
			writeFileSync(compare, JSON.stringify({load: {requests: 8, interleave: true, prompts: 'p.txt', seed: 2}, endpoints}));
			const csv = join(folder, 'requests.csv');
			const json = join(folder, 'run.json');
			const {code, stderr} = await runCli(['--no-tui', '--compare', compare, '--request-csv', csv, '--json', json, ...fastMock], {cwd: tempDir()});
			expect(code, stderr).toBe(0);
			const rows = readRows(csv);
			const ids = (endpoint: string) => bySequence(rows, endpoint);
			expect(ids('anthropic')).toHaveLength(8);
			expect(ids('openai')).toEqual(ids('anthropic'));
			const summary = JSON.parse(readFileSync(json, 'utf8')) as {prompts: {file: string}; load: {seed: number}; uniquePrefix: boolean};
			expect(summary).toMatchObject({prompts: {file: join(folder, 'p.txt')}, load: {seed: 2}, uniquePrefix: true});
		},
	);

	it('refuses an unreadable or malformed file in one line, before anything is sent', async () => {
		const folder = tempDir();
		const bad = join(folder, 'bad.jsonl');
		writeFileSync(bad, '{"prompt": "fine"}\n{"prompt": "fine"}\n{"messages": "no"}\n');
		for (const [args, message] of [
			[['--prompts', bad], `--prompts ${bad}:3: "messages" must be a list of {"role", "content"}`],
			[['--prompts', join(folder, 'none.jsonl')], `--prompts ${join(folder, 'none.jsonl')}: no such file`],
			[['--prompts', bad, '--prompt', 'hi'], '--prompts and --prompt: give one'],
		] as const) {
			const {code, stderr} = await runCli(['--no-tui', '--openai', 'mock', ...args]);
			expect(code).toBe(2);
			expect(stderr).toBe(`gatebench: ${message}\n`);
		}
	});
});
