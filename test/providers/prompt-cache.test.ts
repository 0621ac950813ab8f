import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {parse} from 'csv-parse/sync';
import {afterEach, describe, expect, it} from 'vitest';
import type {JsonSummary} from '../../source/output/json.js';
import {cacheCases} from '../fixtures/servers/prompt-cache.js';
import {runCli} from '../helpers/cli.js';
import {type ReplayServer, startReplayServer} from '../helpers/replay-server.js';
import {tempDirPerTest} from '../helpers/temp.js';

const tempDir = tempDirPerTest();
const servers: ReplayServer[] = [];
afterEach(async () => {
	for (const server of servers.splice(0)) await server.close();
});

const noKeys = {ANTHROPIC_API_KEY: undefined, OPENAI_API_KEY: undefined};

describe('prompt caching: input tokens count the cached ones, reads and writes apart', () => {
	it.each(cacheCases.map((cacheCase) => [cacheCase.name, cacheCase] as const))('%s', async (_name, cacheCase) => {
		const server = await startReplayServer(cacheCase.fixture);
		servers.push(server);
		const requestCsv = join(tempDir(), 'requests.csv');
		const {code, stdout, stderr} = await runCli(['--no-tui', ...cacheCase.flags(server.url), '-n', '2', '--request-csv', requestCsv, '--json', '-'], {
			env: noKeys,
		});
		expect(code, stderr).toBe(0);
		const tokens = (JSON.parse(stdout) as JsonSummary).endpoints[0]?.outputTokens;
		const {input, read, write} = cacheCase.expect;
		expect(tokens?.input).toBe(2 * input);
		expect(tokens?.cache).toEqual({read: 2 * read, write: 2 * (write ?? 0), hitRate: Math.round((read / input) * 1000) / 1000});
		const rows = parse(readFileSync(requestCsv, 'utf8'), {columns: true}) as Array<Record<string, string>>;
		expect(rows.map((row) => [row['Input Tokens'], row['Cache Read Tokens'], row['Cache Write Tokens']])).toEqual(
			Array.from({length: 2}, () => [String(input), String(read), write === undefined ? '' : String(write)]),
		);
	});
});
