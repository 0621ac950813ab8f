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
		expect(code, stderr).toBe(0);
		const endpoint = (JSON.parse(stdout) as JsonSummary).endpoints[0];
		expect(endpoint?.errors).toEqual({[errorCase.kind]: 2});
		const rows = parse(readFileSync(requestCsv, 'utf8'), {columns: true}) as Array<Record<string, string>>;
		expect(rows.map((row) => [row['Outcome'], row['Error']])).toEqual([
			[errorCase.kind, errorCase.message],
			[errorCase.kind, errorCase.message],
		]);
	});
});
