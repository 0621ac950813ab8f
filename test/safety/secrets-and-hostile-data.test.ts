import {createServer} from 'node:http';
import {readdirSync, readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {parse} from 'csv-parse/sync';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {createProgram, type CliFlags} from '../../source/cli/program.js';
import {validateFlags} from '../../source/cli/validate.js';
import {startMock, type MockServer} from '../../source/mock/server.js';
import {runCli} from '../helpers/cli.js';
import {listenOnLoopback} from '../helpers/ports.js';
import {tempDirPerTest} from '../helpers/temp.js';

const tempDir = tempDirPerTest();
const sgd = 'sgd_SECRETgatewaytoken0123456789';
const sgp = 'sgp_SECRETaccesstoken9876543210';

let mock: MockServer;
beforeAll(async () => {
	mock = await startMock({ttftMs: 2, tokenDelayMs: 1, minTokens: 3, maxTokens: 5, failRate: 0.3, failStatus: 401});
});
afterAll(async () => mock.close());

const flagsOf = (args: string[]) =>
	createProgram()
		.exitOverride()
		.parse(['node', 'gatebench', ...args])
		.opts<CliFlags>();

describe('secrets never reach the screen or files', () => {
	it('tokens appear in no output, file or error message, even when requests fail', async () => {
		const dir = tempDir();
		const files = [join(dir, 'out.json'), join(dir, 'agg.csv'), join(dir, 'req.csv')];
		const {code, stdout, stderr} = await runCli(
			[
				'--no-tui',
				'--pipeline',
				'all',
				'--stream',
				'-n',
				'10',
				'-c',
				'2',
				'--gateway',
				mock.url,
				'--sourcegraph',
				`${mock.url}/`,
				'--sgd',
				sgd,
				'--sgp',
				sgp,
				'--json',
				files[0] ?? '',
				'--csv',
				files[1] ?? '',
				'--request-csv',
				files[2] ?? '',
			],
			{env: {SRC_GATEWAY_TOKEN: sgd, SRC_ACCESS_TOKEN: sgp}},
		);
		expect(code, stderr).toBe(0);
		expect(stdout).toMatch(/http_401/);
		const everything = [stdout, stderr, ...readdirSync(dir).map((name) => readFileSync(join(dir, name), 'utf8'))].join('\n');
		expect(everything).not.toContain('SECRET');
	});

	it('warns when a token would cross the network over plain http', () => {
		const remote = validateFlags(flagsOf(['--gateway', 'http://gateway.example.com', '--sgd', sgd]), {});
		expect(typeof remote === 'object' && remote.warnings).toEqual([expect.stringMatching(/token for gateway\.example\.com is sent over plain http/)]);
		expect(JSON.stringify(remote)).not.toMatch(/warning.*SECRET/);
		const local = validateFlags(flagsOf(['--gateway', 'http://127.0.0.1:9', '--sgd', sgd]), {});
		expect(typeof local === 'object' && local.warnings).toEqual([]);
		const tls = validateFlags(flagsOf(['--gateway', 'https://gateway.example.com', '--sgd', sgd]), {});
		expect(typeof tls === 'object' && tls.warnings).toEqual([]);
	});

	it('does not follow redirects: a benchmark sees the redirect itself', async () => {
		let redirected = 0;
		const server = createServer((request, response) => {
			if (request.url === '/elsewhere') redirected++;
			response.writeHead(302, {location: '/elsewhere'}).end();
		});
		const url = await listenOnLoopback(server);
		try {
			for (const client of ['raw', 'undici', 'got']) {
				const {stdout} = await runCli(['--no-tui', '--pipeline', 'http', '-n', '3', '--gateway', url, '--sgd', sgd, '--http-client', client]);
				expect(stdout).toMatch(/http\(s\): gateway: 3 failed \(http_302 3\)/);
			}

			expect(redirected).toBe(0);
		} finally {
			server.closeAllConnections();
			server.close();
		}
	});
});

describe('hostile data from servers', () => {
	it('is stripped of terminal escapes on screen and neutralised in CSV', async () => {
		// Header values cannot carry control characters (HTTP forbids them); bodies can.
		const server = createServer((request, response) => {
			request.resume();
			const body = request.url === '/v2/http' ? '\u001B[2J\u001B]0;pwned\u0007 oops' : '{"error":{"type":"\\u001b[2Jboom","message":"x"}}';
			request.on('end', () => response.writeHead(500, {'x-trace': '=cmd|calc!A1', 'retry-after': '9'}).end(body));
		});
		const url = await listenOnLoopback(server);
		const dir = tempDir();
		const requestCsv = join(dir, 'req.csv');
		try {
			const {stdout, stderr} = await runCli(['--no-tui', '--pipeline', 'all', '-n', '2', '--gateway', url, '--sgd', sgd, '--request-csv', requestCsv]);
			// eslint-disable-next-line no-control-regex -- escape sequences are exactly what must not get through
			expect(stdout + stderr).not.toMatch(/\u001B\[2J|\u001B\]0;|\u0007/);
			const csv = readFileSync(requestCsv, 'utf8');
			// eslint-disable-next-line no-control-regex -- control characters are exactly what must not get through
			expect(csv).not.toMatch(/[\u0000-\u0009\u000B-\u001F]/);
			expect(csv).toMatch(/,'=cmd\|calc!A1,/);
			// The whole OSC title sequence is dropped, not just its ESC.
			const pings = (parse(csv, {columns: true}) as Array<Record<string, string>>).filter((row) => row['Endpoint'] === 'http(s): gateway');
			expect(pings.map((row) => [row['Outcome'], row['Error']])).toEqual([
				['http_500', '   oops'],
				['http_500', '   oops'],
			]);
			expect(csv).not.toContain('pwned');
			expect(csv).toMatch(/http_500:_+2Jboom,/);
		} finally {
			server.closeAllConnections();
			server.close();
		}
	});
});

describe('existing results are not silently replaced', () => {
	it('refuses an existing output file unless --overwrite', async () => {
		const dir = tempDir();
		const csv = join(dir, 'agg.csv');
		writeFileSync(csv, 'precious');
		const refused = await runCli(['--no-tui', '--pipeline', 'http', '-n', '2', '--csv', csv]);
		expect(refused.code).toBe(2);
		expect(refused.stderr).toMatch(/^gatebench: --csv .*agg\.csv: already exists \(pass --overwrite to replace it\)\n$/);
		expect(readFileSync(csv, 'utf8')).toBe('precious');
		const replaced = await runCli(['--no-tui', '--pipeline', 'http', '-n', '2', '--csv', csv, '--overwrite']);
		expect(replaced.code).toBe(0);
		expect(readFileSync(csv, 'utf8')).toMatch(/^Endpoint,/);
	});
});
