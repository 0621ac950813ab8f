import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {parse} from 'csv-parse/sync';
import {afterEach, describe, expect, it} from 'vitest';
import type {JsonSummary} from '../../source/output/json.js';
import {runCli} from '../helpers/cli.js';
import {startHttpsPongServer, tlsFixture} from '../helpers/https-server.js';
import {tempDirPerTest} from '../helpers/temp.js';

const tempDir = tempDirPerTest();
const closers: Array<() => void> = [];
afterEach(() => {
	for (const close of closers.splice(0)) close();
});

async function httpsServer(): Promise<number> {
	const {port, close} = await startHttpsPongServer();
	closers.push(close);
	return port;
}

describe('connection timing, as k6 and AIPerf break it down', () => {
	it.each(['raw', 'got'])('%s: each request says whether it opened its connection, and how long connect and TLS took', async (client) => {
		const port = await httpsServer();
		const requestCsv = join(tempDir(), 'requests.csv');
		const {code, stdout, stderr} = await runCli([
			'--no-tui',
			'--pipeline',
			'http',
			'--gateway',
			`https://localhost:${port}`,
			'--sgd',
			'x',
			'-n',
			'6',
			'-c',
			'2',
			'--http-client',
			client,
			'--ca-file',
			tlsFixture('localhost-cert.pem'),
			'--request-csv',
			requestCsv,
			'--json',
			'-',
		]);
		expect(code, stderr).toBe(0);
		const rows = parse(readFileSync(requestCsv, 'utf8'), {columns: true}) as Array<Record<string, string>>;
		const opened = rows.filter((row) => row['Connection Reused'] === 'false');
		const reused = rows.filter((row) => row['Connection Reused'] === 'true');
		expect(opened).toHaveLength(2);
		expect(reused).toHaveLength(4);
		for (const row of opened) {
			// got times its phases in whole milliseconds (@szmarczak/http-timer): a loopback connect can be 0.
			expect(row['Connect (ms)']).toMatch(/^\d+\.\d\d$/);
			expect(Number(row['Connect (ms)'])).toBeGreaterThanOrEqual(client === 'raw' ? 0.001 : 0);
			expect(Number(row['TLS (ms)'])).toBeGreaterThan(0);
			// The whole request took at least its connect and handshake.
			expect(Number(row['Duration (ms)'])).toBeGreaterThanOrEqual(Number(row['Connect (ms)']) + Number(row['TLS (ms)']) - 0.02);
		}

		for (const row of reused) expect([row['Connect (ms)'], row['TLS (ms)']]).toEqual(['', '']);
		const endpoint = (JSON.parse(stdout) as JsonSummary).endpoints[0];
		expect(endpoint?.connectionsOpened).toBe(2);
		// got's whole milliseconds again: both loopback connects can be 0 (seen in CI).
		expect(endpoint?.connectMs).not.toBeNull();
		expect(endpoint?.connectMs?.max).toBeGreaterThanOrEqual(client === 'raw' ? 0.001 : 0);
		expect(endpoint?.tlsHandshakeMs?.max).toBeGreaterThan(0);
		expect(stderr).toMatch(/2 connections opened, connect p50 .* TLS handshake p50/);
	});
});
