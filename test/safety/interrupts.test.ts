import {readdirSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import type {JsonSummary} from '../../source/output/json.js';
import {runCli} from '../helpers/cli.js';
import {tempDirPerTest} from '../helpers/temp.js';
import {readCsv} from '../helpers/csv.js';

const tempDir = tempDirPerTest();

/** Every completed request is in the request CSV, and the aggregate and JSON agree with it. */
function expectConsistent(dir: string) {
	const json = JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8')) as JsonSummary;
	expect(json.interrupted).toBe(true);
	const rows = readCsv(join(dir, 'req.csv'));
	const aggregate = readCsv(join(dir, 'agg.csv'));
	for (const endpoint of json.endpoints) {
		const mine = rows.filter((row) => row['Endpoint'] === endpoint.name);
		expect(mine).toHaveLength(endpoint.requests);
		expect(mine.filter((row) => row['Outcome'] === 'ok')).toHaveLength(endpoint.successful);
		expect(endpoint.successful + endpoint.failed).toBe(endpoint.requests);
		expect(aggregate.find((row) => row['Endpoint'] === endpoint.name)?.['Success Rate']).toBe(`${endpoint.successful}/${endpoint.requests}`);
	}

	// Written atomically: no temporary file is left behind.
	expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
	return rows.length;
}

const args = (dir: string) => [
	'--no-tui',
	'--pipeline',
	'all',
	'--stream',
	'-n',
	'100000',
	'-c',
	'4',
	'--mock-ttft-ms',
	'3',
	'--mock-token-delay-ms',
	'1',
	'--json',
	join(dir, 'out.json'),
	'--csv',
	join(dir, 'agg.csv'),
	'--request-csv',
	join(dir, 'req.csv'),
];

describe('interrupts at random moments lose no completed request', () => {
	const moments = Array.from({length: 4}, (_, index) => [index % 2 === 0 ? 'SIGINT' : 'SIGTERM', 300 + Math.floor(Math.random() * 1500)] as const);
	it.each(moments)('%s after %i ms', async (signal, delayMs) => {
		const dir = tempDir();
		const {code, stderr} = await runCli(args(dir), {
			onStart(child) {
				setTimeout(() => child.kill(signal), delayMs);
			},
		});
		expect(code, stderr).toBe(130);
		expect(stderr).not.toMatch(/\n\s+at /);
		expectConsistent(dir);
	});

	it('a second Ctrl-C exits at once, still saving what is complete', async () => {
		const dir = tempDir();
		const {code, stderr} = await runCli(args(dir), {
			onStart(child) {
				child.stderr?.once('data', () => {
					setTimeout(() => {
						child.kill('SIGINT');
						child.kill('SIGINT');
					}, 500);
				});
			},
		});
		expect(code).toBe(130);
		expect(stderr).toMatch(/saved .*req\.csv/);
		expect(expectConsistent(dir)).toBeGreaterThan(0);
	});
});
