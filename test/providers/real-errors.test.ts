import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {parse} from 'csv-parse/sync';
import {afterEach, describe, expect, it} from 'vitest';
import type {JsonSummary} from '../../source/output/json.js';
import {errorCases} from '../fixtures/servers/errors.js';
import {runCli} from '../helpers/cli.js';
import {type ReplayServer, startReplayServer} from '../helpers/replay-server.js';
import {tempDirPerTest} from '../helpers/temp.js';

const tempDir = tempDirPerTest();
const servers: ReplayServer[] = [];
afterEach(async () => {
	for (const server of servers.splice(0)) await server.close();
});

const noKeys = {ANTHROPIC_API_KEY: undefined, FIREWORKS_API_KEY: undefined, OPENAI_API_KEY: undefined};

describe("real servers' error replies: labelled by their type, with their own message", () => {
	it.each(errorCases.map((errorCase) => [errorCase.name, errorCase] as const))('%s', async (_name, errorCase) => {
		const server = await startReplayServer(errorCase.fixture);
		servers.push(server);
		const requestCsv = join(tempDir(), 'requests.csv');
		const {code, stdout, stderr} = await runCli(['--no-tui', ...errorCase.flags(server.url), '-n', '2', '--request-csv', requestCsv, '--json', '-'], {
			env: noKeys,
		});
		// Every request failed: the run says so and exits 1, with every figure still written.
		expect(code, stderr).toBe(1);
		expect(stderr).toContain('gatebench: no request succeeded');
		const endpoint = (JSON.parse(stdout) as JsonSummary).endpoints[0];
		expect(endpoint?.errors).toEqual({[errorCase.kind]: 2});
		const rows = parse(readFileSync(requestCsv, 'utf8'), {columns: true}) as Array<Record<string, string>>;
		expect(rows.map((row) => [row['Outcome'], row['Error']])).toEqual([
			[errorCase.kind, errorCase.message],
			[errorCase.kind, errorCase.message],
		]);
	});
});

describe('request ids through gateways', () => {
	it.each([
		[
			'LiteLLM: the provider id it forwards, before its own call id',
			{'x-litellm-call-id': 'litellm-call-1', 'llm_provider-x-request-id': 'req_provider_1'},
			'req_provider_1',
		],
		['LiteLLM with nothing forwarded: its call id', {'x-litellm-call-id': 'litellm-call-2'}, 'litellm-call-2'],
		['OpenAI-style x-request-id first of all', {'x-request-id': 'req_direct', 'x-litellm-call-id': 'litellm-call-3'}, 'req_direct'],
	])('%s', async (_name, headers, expected) => {
		const server = await startReplayServer({
			source: 'LiteLLM proxy response headers (x-litellm-call-id; provider headers forwarded with an llm_provider- prefix)',
			status: 200,
			headers: {'content-type': 'application/json', ...headers},
			chunks: [
				{
					atMs: 0,
					bytes: JSON.stringify({
						id: 'chatcmpl-1',
						object: 'chat.completion',
						choices: [{index: 0, message: {role: 'assistant', content: 'hi'}, finish_reason: 'stop'}],
						usage: {prompt_tokens: 3, completion_tokens: 1, total_tokens: 4},
					}),
				},
			],
		});
		servers.push(server);
		const requestCsv = join(tempDir(), 'requests.csv');
		const {code, stderr} = await runCli(['--no-tui', '--openai', `${server.url}/v1`, '-n', '1', '--request-csv', requestCsv], {env: noKeys});
		expect(code, stderr).toBe(0);
		const rows = parse(readFileSync(requestCsv, 'utf8'), {columns: true}) as Array<Record<string, string>>;
		expect(rows.map((row) => row['Request ID'])).toEqual([expected]);
	});
});
