import {readFileSync, writeFileSync} from 'node:fs';
import {createServer} from 'node:http';
import {join} from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import type {JsonSummary} from '../../source/output/json.js';
import {runCli} from '../helpers/cli.js';
import {readCsv as readRows} from '../helpers/csv.js';
import {listenOnLoopback} from '../helpers/ports.js';
import {tempDirPerTest} from '../helpers/temp.js';

const tempDir = tempDirPerTest();

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
	for (const close of closers.splice(0)) await close();
});

type Turn = {session: string | undefined; messages: Array<{role: string; content: string}>};

describe('multi-turn sessions', () => {
	it('sends three-turn conversations, each later turn carrying the answer; the mock reads their prefix from its cache', async () => {
		const page = join(tempDir(), 'run.html');
		const {code, stdout, stderr} = await runCli(
			[
				'--no-tui',
				'--openai',
				'mock',
				'--stream',
				'--turns',
				'3',
				'-c',
				'2',
				'-n',
				'12',
				'--json',
				'-',
				'--html',
				page,
				'--mock-ttft-ms',
				'5',
				'--mock-token-delay-ms',
				'1',
			],
			{env: {OPENAI_API_KEY: undefined}},
		);
		expect(code, stderr).toBe(0);
		const [endpoint] = (JSON.parse(stdout) as JsonSummary).endpoints;
		expect(endpoint?.successful).toBe(12);
		const turns = endpoint?.turns;
		// Two sessions at a time, three turns each, the 12 requests taken by whichever worker is free: at least
		// 4 first turns, and at most one session of each worker cut short by the end (6 first turns, 6 later).
		const [first = 0, later = 0] = [turns?.first.requests, turns?.later.requests];
		expect(first + later).toBe(12);
		expect(first).toBeGreaterThanOrEqual(4);
		expect(first).toBeLessThanOrEqual(6);
		// A first turn is new to the server; a later one repeats the conversation so far, which its cache holds.
		expect(turns?.first.cachedTokens).toBe(0);
		expect(turns?.later.cachedTokens).toBeGreaterThan(0);
		expect(turns?.later.cacheHitRate).toBeGreaterThan(10);
		expect(turns?.later.ttftMs?.p50).toBeGreaterThan(0);
		expect(endpoint?.outputTokens?.cache?.read).toBe(turns?.later.cachedTokens);
		// The report's page has a row for each side, the later one with its share read from the cache.
		const html = readFileSync(page, 'utf8');
		const rows = [
			...html.matchAll(/<tr>\s*<th scope="row">.*?<\/th>\s*<td>(first|later)<\/td>\s*<td>(\d+)<\/td>(?:\s*<td>[^<]*<\/td>){6}\s*<td>([^<]*)<\/td>/gs),
		].map((match) => [match[1], match[2], match[3]]);
		expect(rows).toEqual([
			['first', String(first), '0.0 %'],
			['later', String(later), `${turns?.later.cacheHitRate?.toFixed(1)} %`],
		]);
		// The summary says the same in words, first turns apart from later ones.
		expect(stderr).toMatch(
			new RegExp(
				`turns: first ${first}, TTFT p50 [\\d.]+ ms, 0\\.0 % from the prompt cache; later ${later}, TTFT p50 [\\d.]+ ms, [1-9][\\d.]* % from the prompt cache`,
			),
		);
	});

	it('waits the think time, names each session in its header, and appends the answer that came back', async () => {
		const seen: Array<Turn & {atMs: number}> = [];
		let answered = 0;
		const server = createServer((request, response) => {
			let body = '';
			request.on('data', (chunk: Buffer) => (body += chunk.toString()));
			request.on('end', () => {
				const session = request.headers['x-session-id'];
				seen.push({session: typeof session === 'string' ? session : undefined, messages: (JSON.parse(body) as Turn).messages, atMs: performance.now()});
				const answer = `answer ${++answered}`;
				response.writeHead(200, {'content-type': 'application/json'});
				response.end(
					JSON.stringify({
						choices: [{index: 0, message: {role: 'assistant', content: answer}, finish_reason: 'stop'}],
						usage: {prompt_tokens: 5, completion_tokens: 2},
					}),
				);
			});
		});
		const url = await listenOnLoopback(server);
		closers.push(() => new Promise((resolve) => server.close(() => resolve())));
		const csv = join(tempDir(), 'requests.csv');
		const run = await runCli(
			[
				'--no-tui',
				'--openai',
				`${url}/v1`,
				'--turns',
				'2',
				'--think-time',
				'150ms',
				'--session-header',
				'x-session-id',
				'-c',
				'1',
				'-n',
				'4',
				'--json',
				'-',
				'--request-csv',
				csv,
			],
			{env: {OPENAI_API_KEY: undefined}},
		);
		expect(run.code, run.stderr).toBe(0);
		expect(seen).toHaveLength(4);
		const [first, second, third, fourth] = seen;
		// Sessions are named apart; both turns of one carry its name.
		expect(first?.session).toMatch(/^gatebench-[0-9a-f]{8}-0$/);
		expect(second?.session).toBe(first?.session);
		expect(third?.session).not.toBe(first?.session);
		expect(fourth?.session).toBe(third?.session);
		// The second turn: the opening, the answer that came back, and a new user message.
		expect(second?.messages.slice(0, 2)).toEqual([first?.messages[0], {role: 'assistant', content: 'answer 1'}]);
		expect(second?.messages[2]?.role).toBe('user');
		expect(second?.messages[2]?.content.split(' ')).toHaveLength(32);
		// The user thinks before a later turn, not before a session's first.
		expect((second?.atMs ?? 0) - (first?.atMs ?? 0)).toBeGreaterThanOrEqual(150);
		const json = JSON.parse(run.stdout) as JsonSummary;
		expect(json.endpoints[0]?.turns?.first.requests).toBe(2);
		// Each request's row names its session and turn.
		expect(readRows(csv).map((row) => [row['Session'], row['Turn']])).toEqual([
			['0', '1'],
			['0', '2'],
			['1', '1'],
			['1', '2'],
		]);
		// The think time is the user's, not the server's: no latency near it.
		expect(json.endpoints[0]?.latencyMs?.max).toBeLessThan(150);
	});

	it('replays recorded conversations as sessions: their later user messages, one a turn, after the live answers', async () => {
		const seen: Turn[] = [];
		let answered = 0;
		const server = createServer((request, response) => {
			let body = '';
			request.on('data', (chunk: Buffer) => (body += chunk.toString()));
			request.on('end', () => {
				seen.push({session: undefined, messages: (JSON.parse(body) as Turn).messages});
				response.writeHead(200, {'content-type': 'application/json'});
				response.end(JSON.stringify({choices: [{index: 0, message: {role: 'assistant', content: `live ${++answered}`}, finish_reason: 'stop'}]}));
			});
		});
		const url = await listenOnLoopback(server);
		closers.push(() => new Promise((resolve) => server.close(() => resolve())));
		const dir = tempDir();
		// ShareGPT: three human turns, the recorded answers between them replaced by the live ones.
		const shareGpt = join(dir, 'chats.json');
		const said = (from: string, value: string) => ({from, value});
		writeFileSync(
			shareGpt,
			JSON.stringify([
				{id: 'a', conversations: [said('human', 'one'), said('gpt', 'recorded'), said('human', 'two'), said('gpt', 'recorded'), said('human', 'three')]},
			]),
		);
		const sharegptRun = await runCli(
			['--no-tui', '--openai', `${url}/v1`, '--prompts', shareGpt, '--no-unique-prefix', '--turns', '5', '-c', '1', '-n', '3', '--json', '-'],
			{
				env: {OPENAI_API_KEY: undefined},
			},
		);
		expect(sharegptRun.code, sharegptRun.stderr).toBe(0);
		expect(seen.map((turn) => turn.messages.map((message) => message.content))).toEqual([
			['one'],
			['one', 'live 1', 'two'],
			['one', 'live 1', 'two', 'live 2', 'three'],
		]);
		// A session ends where its recording did, though --turns allowed five.
		expect((JSON.parse(sharegptRun.stdout) as JsonSummary).endpoints[0]?.turns).toMatchObject({first: {requests: 1}, later: {requests: 2}});

		// OpenAI `messages` per session: the system message and the first user message open it.
		seen.length = 0;
		const jsonl = join(dir, 'sessions.jsonl');
		const message = (role: string, content: string) => ({role, content});
		writeFileSync(
			jsonl,
			`${JSON.stringify({messages: [message('system', 'be brief'), message('user', 'hi'), message('assistant', 'recorded'), message('user', 'more')]})}\n`,
		);
		const jsonlRun = await runCli(['--no-tui', '--openai', `${url}/v1`, '--prompts', jsonl, '--no-unique-prefix', '--turns', '2', '-c', '1', '-n', '2'], {
			env: {OPENAI_API_KEY: undefined},
		});
		expect(jsonlRun.code, jsonlRun.stderr).toBe(0);
		expect(seen.map((turn) => turn.messages)).toEqual([
			[message('system', 'be brief'), message('user', 'hi')],
			[message('system', 'be brief'), message('user', 'hi'), message('assistant', 'live 4'), message('user', 'more')],
		]);
	});

	it('refuses what sessions cannot be', async () => {
		const rate = await runCli(['--no-tui', '--turns', '3', '--rate', '5']);
		expect(rate.stderr).toBe('gatebench: --turns runs sessions, each turn after the last answer: drop --rate\n');
		const orphan = await runCli(['--no-tui', '--think-time', '1s']);
		expect(orphan.stderr).toBe('gatebench: --think-time shapes --turns sessions: give --turns\n');
	});
});
