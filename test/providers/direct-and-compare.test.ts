import {createServer, type IncomingHttpHeaders} from 'node:http';
import {readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {parse} from 'csv-parse/sync';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {type MockServer, startMock} from '../../source/mock/server.js';
import type {JsonSummary} from '../../source/output/json.js';
import {fastMock, runCli} from '../helpers/cli.js';
import {listenOnLoopback} from '../helpers/ports.js';
import {tempDirPerTest} from '../helpers/temp.js';

const tempDir = tempDirPerTest();
const example = fileURLToPath(new URL('../../examples/compare-mock.json', import.meta.url));
let mock: MockServer;
beforeAll(async () => {
	mock = await startMock({ttftMs: 3, tokenDelayMs: 1, minTokens: 4, maxTokens: 8});
});
afterAll(async () => mock.close());

const served = (path: string) => mock.stats.byPath[path] ?? 0;
const noKeys = {ANTHROPIC_API_KEY: undefined, FIREWORKS_API_KEY: undefined, OPENAI_API_KEY: undefined};

describe('direct provider endpoints', () => {
	it.each(['chat', 'completions', 'responses'] as const)('runs Anthropic, Fireworks and OpenAI-compatible (%s) against the mock, streamed', async (api) => {
		const route = api === 'chat' ? 'chat/completions' : api;
		const before = {
			messages: served('/v1/messages'),
			fireworks: served(`/inference/v1/${route}`),
			openai: served(`/v1/${route}`),
		};
		const {code, stdout, stderr} = await runCli(
			[
				'--no-tui',
				'--anthropic',
				mock.url,
				'--fireworks',
				`${mock.url}/inference/v1`,
				'--openai',
				`${mock.url}/v1`,
				'--api',
				api,
				'--stream',
				'-n',
				'5',
				'-c',
				'2',
				'--model',
				'm-1',
				'--json',
				'-',
			],
			{env: noKeys},
		);
		expect(code, stderr).toBe(0);
		const json = JSON.parse(stdout) as JsonSummary;
		expect(json.mock).toBe(false);
		expect(json.endpoints.map((endpoint) => [endpoint.target, endpoint.provider, endpoint.successful])).toEqual([
			['anthropic', 'anthropic', 5],
			['fireworks', 'fireworks', 5],
			['openai-compatible', 'openai', 5],
		]);
		for (const endpoint of json.endpoints) {
			expect(endpoint.ttftMs?.p50).toBeGreaterThanOrEqual(3);
			expect(endpoint.outputTokens?.source).toEqual({usage: 5, counted: 0});
		}

		expect(served('/v1/messages') - before.messages).toBe(5);
		expect(served(`/inference/v1/${route}`) - before.fireworks).toBe(5);
		expect(served(`/v1/${route}`) - before.openai).toBe(5);
	});

	it('speaks the Responses API to the mock, streamed and whole: TTFT at the first text delta, tokens and usage from response.completed', async () => {
		const run = async (stream: boolean) => {
			const {code, stdout, stderr} = await runCli(
				[
					'--no-tui',
					'--openai',
					`${mock.url}/v1`,
					'--api',
					'responses',
					...(stream ? ['--stream'] : []),
					'-n',
					'6',
					'-c',
					'2',
					'--max-tokens',
					'6',
					'--json',
					'-',
				],
				{env: noKeys},
			);
			expect(code, stderr).toBe(0);
			return (JSON.parse(stdout) as JsonSummary).endpoints[0]!;
		};

		const streamed = await run(true);
		expect(streamed.successful).toBe(6);
		// The mock's first token is due 3 ms after the request; each of its 4–6 tokens is one delta, as usage says.
		expect(streamed.ttftMs?.p50).toBeGreaterThanOrEqual(3);
		expect(streamed.ttftMs?.p50).toBeLessThan(streamed.latencyMs?.p50 ?? 0);
		expect(streamed.outputTokens?.source).toEqual({usage: 6, counted: 0});
		expect(streamed.outputTokens?.mismatches).toBe(0);
		expect(streamed.outputTokens?.total).toBeGreaterThanOrEqual(6 * 4);
		expect(streamed.outputTokens?.total).toBeLessThanOrEqual(6 * 6);
		expect(streamed.outputTokens?.input).toBeGreaterThan(0);
		const whole = await run(false);
		expect(whole.successful).toBe(6);
		expect(whole.ttftMs).toBeNull();
		expect(whole.outputTokens?.source).toEqual({usage: 6, counted: 0});
		expect(whole.outputTokens?.total).toBeGreaterThanOrEqual(6 * 4);
	});

	it('needs a provider key for a remote Anthropic or Fireworks, read from the environment only', async () => {
		const missing = await runCli(['--no-tui', '--anthropic'], {env: noKeys});
		expect(missing.code).toBe(2);
		expect(missing.stderr).toBe('gatebench: --anthropic needs an API key: set ANTHROPIC_API_KEY\n');
		const custom = await runCli(['--no-tui', '--fireworks', '--api-key-env', 'MY_FW_KEY'], {env: noKeys});
		expect(custom.stderr).toBe('gatebench: --fireworks needs an API key: set MY_FW_KEY\n');
	});

	it('sends the provider auth, the prompt, -H headers, and records gateway-reported headers', async () => {
		const seen: Array<{url?: string; headers: IncomingHttpHeaders; body: string}> = [];
		const server = createServer((request, response) => {
			let body = '';
			request.on('data', (chunk: Buffer) => (body += chunk.toString()));
			request.on('end', () => {
				seen.push({url: request.url, headers: request.headers, body});
				response.writeHead(200, {
					'content-type': 'application/json',
					'x-request-id': 'req-42',
					'x-litellm-overhead-duration-ms': '12.5',
					'x-cody-resolved-model': 'openai/gpt-x',
				});
				response.end(
					'{"choices":[{"index":0,"message":{"role":"assistant","content":"hi"},"finish_reason":"stop"}],"usage":{"prompt_tokens":3,"completion_tokens":1,"total_tokens":4}}',
				);
			});
		});
		const url = `${await listenOnLoopback(server)}/v1`;
		const dir = tempDir();
		const promptFile = join(dir, 'prompt.txt');
		writeFileSync(promptFile, 'Say hi');
		try {
			const {code, stdout, stderr} = await runCli(
				[
					'--no-tui',
					'--openai',
					url,
					'-n',
					'3',
					'--prompt-file',
					promptFile,
					'--temperature',
					'0.5',
					'-H',
					'x-team: bench',
					'--request-csv',
					join(dir, 'req.csv'),
					'--json',
					'-',
				],
				{env: {OPENAI_API_KEY: 'sk-test-secret'}},
			);
			expect(code, stderr).toBe(0);
			expect(seen).toHaveLength(3);
			expect(seen[0]?.url).toBe('/v1/chat/completions');
			expect(seen[0]?.headers['authorization']).toBe('Bearer sk-test-secret');
			expect(seen[0]?.headers['x-team']).toBe('bench');
			expect(JSON.parse(seen[0]?.body ?? '{}')).toMatchObject({
				model: 'gpt-4o-mini',
				messages: [{role: 'user', content: 'Say hi'}],
				temperature: 0.5,
				stream: false,
			});
			const json = JSON.parse(stdout) as JsonSummary;
			expect(json.endpoints[0]?.gatewayOverheadMs?.p50).toBeCloseTo(12.5, 1);
			const rows = parse(readFileSync(join(dir, 'req.csv'), 'utf8'), {columns: true}) as Array<Record<string, string>>;
			expect(rows[0]).toMatchObject({'Trace ID': 'req-42', 'Request ID': 'req-42', 'Resolved Model': 'openai/gpt-x', 'Gateway Overhead (ms)': '12.5'});
			expect(readFileSync(join(dir, 'req.csv'), 'utf8')).not.toContain('sk-test-secret');
		} finally {
			server.closeAllConnections();
			server.close();
		}
	});
});

describe('comparison files', () => {
	it('runs the shipped example against the mock, interleaved: request i to every endpoint before i+1', async () => {
		const dir = tempDir();
		const requestCsv = join(dir, 'req.csv');
		const {code, stdout, stderr} = await runCli(
			['--no-tui', '--compare', example, '-c', '1', '-n', '6', '--request-csv', requestCsv, '--json', '-', ...fastMock],
			{env: noKeys},
		);
		expect(code, stderr).toBe(0);
		const json = JSON.parse(stdout) as JsonSummary;
		expect(json.mock).toBe(true);
		// Each endpoint against the first, pair by pair (the table goes to stderr with --json -), and in the JSON.
		expect(stderr).toMatch(/Difference from the baseline \(paired: /);
		// Three significant digits: a bound of 100 ms or more has no decimals (a slow pair on a busy machine: `[-5.17, +163]`).
		expect(stderr).toMatch(/^anthropic direct vs anthropic via gateway, pair by pair:\n {2}latency {5}p50 [+-][\d.]+ ms \[[+-][\d.]+, [+-][\d.]+\]/m);
		expect(json.comparison?.paired).toBe(true);
		expect(json.comparison?.against.map((row) => row.endpoint)).toEqual(json.endpoints.slice(1).map((endpoint) => endpoint.name));
		expect(json.endpoints.map((endpoint) => endpoint.name)).toEqual([
			'anthropic via gateway',
			'anthropic direct',
			'fireworks via gateway',
			'fireworks chat direct',
			'openai-compatible',
		]);
		for (const endpoint of json.endpoints) {
			expect(endpoint.successful).toBe(6);
			expect(endpoint.stream).toBe(true);
		}

		// Request i goes to every endpoint at once, and i+1 only when all have answered: in completion order,
		// every row of round i comes before any row of round i+1, and each round has every endpoint once.
		const rows = parse(readFileSync(requestCsv, 'utf8'), {columns: true}) as Array<Record<string, string>>;
		const sequences = rows.map((row) => Number(row['Sequence']));
		expect(sequences).toEqual([...sequences].sort((a, b) => a - b));
		for (const seq of [0, 1, 2, 3, 4, 5]) {
			const round = rows.filter((row) => row['Sequence'] === String(seq)).map((row) => row['Endpoint']);
			expect(round.sort()).toEqual(json.endpoints.map((endpoint) => endpoint.name).sort());
		}
	});

	it.each([
		[
			'a key in the file',
			{endpoints: [{kind: 'anthropic', url: 'mock', key: 'sk-x'}]},
			/keys do not belong in files: name an environment variable with "keyEnv"/,
		],
		['an unknown kind', {endpoints: [{kind: 'grpc', url: 'mock'}]}, /endpoint 1: "kind" must be one of/],
		['no endpoints', {endpoints: []}, /expected \{"endpoints"/],
		[
			'a keyEnv that is not set, for a remote URL',
			{endpoints: [{name: 'direct', kind: 'anthropic', url: 'https://api.anthropic.example', keyEnv: 'GATEBENCH_TEST_UNSET_KEY'}]},
			/--compare .*compare\.json: endpoint 1: "keyEnv" GATEBENCH_TEST_UNSET_KEY is not set: set it, or point "url" at this machine$/,
		],
		[
			'a gateway whose default key variable is not set',
			{endpoints: [{kind: 'gateway', url: 'https://gw.example'}]},
			/endpoint 1: "keyEnv" SRC_GATEWAY_TOKEN is not set/,
		],
		['a bad URL', {endpoints: [{kind: 'gateway', url: 'nope'}]}, /"url" "nope" is not a valid URL/],
		[
			'duplicate names',
			{
				endpoints: [
					{kind: 'gateway', url: 'mock', name: 'a'},
					{kind: 'anthropic', url: 'mock', name: 'a'},
				],
			},
			/names must be unique/,
		],
	])('rejects %s with one line and exit 2', async (_name, content, message) => {
		const file = join(tempDir(), 'compare.json');
		writeFileSync(file, JSON.stringify(content));
		const {code, stderr} = await runCli(['--no-tui', '--compare', file], {env: {...noKeys, SRC_GATEWAY_TOKEN: undefined, GATEBENCH_TEST_UNSET_KEY: undefined}});
		expect(code).toBe(2);
		expect(stderr.trim()).toMatch(message);
		expect(stderr.trim().split('\n')).toHaveLength(1);
	});

	it('rejects a missing file and impossible combinations', async () => {
		expect((await runCli(['--no-tui', '--compare', '/no/such.json'])).stderr).toBe('gatebench: --compare /no/such.json: no such file\n');
		const both = await runCli(['--no-tui', '--interleave', '--rate', '5']);
		expect(both.code).toBe(2);
		expect(both.stderr).toMatch(/--interleave works with closed-loop runs/);
		const probe = await runCli(['--no-tui', '--interleave', '--probe']);
		expect(probe.code).toBe(2);
		expect(probe.stderr).toBe('gatebench: --probe runs beside one endpoint at a time: drop --interleave, or drop --probe\n');
	});
});

describe('gatebench report', () => {
	it('prints saved runs side by side and merges runs of the same endpoints exactly', async () => {
		const dir = tempDir();
		const files = [join(dir, 'a.json'), join(dir, 'b.json')];
		for (const file of files) expect((await runCli(['--no-tui', '--pipeline', 'http', '-n', '30', '--json', file])).code).toBe(0);
		const side = await runCli(['report', ...files]);
		expect(side.code).toBe(0);
		expect(side.stdout).toMatch(/^http\(s\): gateway \(a\.json\) .* 30\/30$/m);
		expect(side.stdout).toMatch(/^http\(s\): gateway \(b\.json\) .* 30\/30$/m);
		const merged = join(dir, 'merged.json');
		const merge = await runCli(['report', '--merge', '--json', merged, ...files]);
		expect(merge.code, merge.stderr).toBe(0);
		expect(merge.stdout).toMatch(/^http\(s\): gateway .* 60\/60$/m);
		const json = JSON.parse(readFileSync(merged, 'utf8')) as JsonSummary;
		expect(json.endpoints.find((endpoint) => endpoint.name === 'http(s): gateway')?.requests).toBe(60);
		const bad = await runCli(['report', join(dir, 'missing.json')]);
		expect(bad.code).toBe(2);
		expect(bad.stderr.trim().split('\n')).toHaveLength(1);
	});
});
