import {existsSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import type {JsonSummary} from '../../source/output/json.js';
import {fastMock, runCli} from '../helpers/cli.js';
import {tempDirPerTest} from '../helpers/temp.js';
import {readCsv} from '../helpers/csv.js';

const tempDir = tempDirPerTest();

describe('headless runs against the built-in mock gateway', () => {
	it('runs every endpoint of both targets and writes JSON, aggregate and request CSVs', async () => {
		const dir = tempDir();
		const files = {json: join(dir, 'out.json'), csv: join(dir, 'agg.csv'), requestCsv: join(dir, 'req.csv')};
		const {code, stdout, stderr} = await runCli(
			[
				'--no-tui',
				'--pipeline',
				'all',
				'--requests',
				'40',
				'--concurrency',
				'8',
				'--json',
				files.json,
				'--csv',
				files.csv,
				'--request-csv',
				files.requestCsv,
				...fastMock,
			],
			{cwd: dir},
		);
		expect(code, stderr).toBe(0);
		expect(stderr).toMatch(/benchmarking the built-in mock gateway at http:\/\/127\.0\.0\.1:\d+/);
		expect(stdout).toMatch(/^Endpoint\s+Average\s+Median\s+P5\s+P75\s+P80\s+P95\s+P99\s+Total\s+Success/);
		const json = JSON.parse(readFileSync(files.json, 'utf8')) as JsonSummary;
		expect(json.mock).toBe(true);
		expect(json.interrupted).toBe(false);
		expect(json.endpoints.map((endpoint) => `${endpoint.target}/${endpoint.pipeline}`)).toEqual([
			'gateway/websocket',
			'gateway/http',
			'sourcegraph/websocket',
			'sourcegraph/http',
			'sourcegraph/http',
			'gateway/completions',
			'sourcegraph/completions',
		]);
		for (const endpoint of json.endpoints) {
			expect(endpoint.requests).toBe(40);
			expect(endpoint.successful + endpoint.failed).toBe(40);
			expect(endpoint.successful).toBe(40);
			// The self-check is recorded for every endpoint, whatever it found.
			expect(typeof endpoint.selfCheck.clientBound).toBe('boolean');
			expect(Array.isArray(endpoint.selfCheck.warnings)).toBe(true);
			expect(endpoint.selfCheck.eventLoopUtilization).toBeGreaterThan(0);
			expect(endpoint.selfCheck.eventLoopUtilization).toBeLessThanOrEqual(1);
			expect(endpoint.selfCheck.eventLoopDelayMs?.max).toBeGreaterThanOrEqual(0);
		}

		expect(json.clientBound).toBe(json.endpoints.some((endpoint) => endpoint.selfCheck.clientBound));

		const requests = readCsv(files.requestCsv);
		expect(requests).toHaveLength(7 * 40);
		const aggregate = readCsv(files.csv);
		expect(aggregate.map((row) => row['Success Rate'])).toEqual(Array.from({length: 7}, () => '40/40'));
		// Nothing else written: headless runs write only what they are asked for.
		expect(existsSync(join(dir, 'gatebench-results'))).toBe(false);
	});

	it('prints TTFT percentiles that reflect the mock latency model', async () => {
		const {code, stdout} = await runCli([
			'--no-tui',
			'--pipeline',
			'completions',
			'--provider',
			'fireworks',
			'--stream',
			'--requests',
			'12',
			'-c',
			'4',
			'--mock-ttft-ms',
			'120',
			'--mock-token-delay-ms',
			'2',
			'--json',
			'-',
		]);
		expect(code).toBe(0);
		const json = JSON.parse(stdout) as JsonSummary;
		for (const endpoint of json.endpoints) {
			expect(endpoint.ttftMs?.p50).toBeGreaterThanOrEqual(120);
			// Generous: a slow machine adds milliseconds, not a second.
			expect(endpoint.ttftMs?.p50).toBeLessThan(1000);
			// On a loaded machine a late first token is followed by a catch-up burst (the mock never
			// sends early, and then sends what is overdue), which shortens gaps: a wide tolerance.
			expect(endpoint.interTokenMs?.avg).toBeGreaterThanOrEqual(1);
			expect(endpoint.timePerOutputTokenMs?.p50).toBeGreaterThanOrEqual(1);
			expect(endpoint.outputTokens?.total).toBeGreaterThan(0);
		}
	});

	it('goes headless when stdout is a pipe, without --no-tui', async () => {
		const {code, stdout} = await runCli(['--pipeline', 'http', '-n', '5'], {env: {CI: undefined}});
		expect(code).toBe(0);
		expect(stdout).toMatch(/http\(s\): gateway .* 5\/5/);
		expect(stdout).not.toContain('\u001B[');
	});

	it.each(['SIGINT', 'SIGTERM'] as const)('on %s saves every completed request, marks the run interrupted and exits 130', async (signal) => {
		const dir = tempDir();
		const files = {json: join(dir, 'out.json'), csv: join(dir, 'agg.csv'), requestCsv: join(dir, 'req.csv')};
		const {code, stderr} = await runCli(
			[
				'--no-tui',
				'--pipeline',
				'completions',
				'--stream',
				'-n',
				'1000',
				'-c',
				'4',
				'--mock-ttft-ms',
				'20',
				'--mock-token-delay-ms',
				'2',
				'--json',
				files.json,
				'--csv',
				files.csv,
				'--request-csv',
				files.requestCsv,
			],
			{
				onStart(child) {
					// Signal once the progress line shows requests completing.
					child.stderr?.on('data', (chunk: Buffer) => {
						if (/\[1\/2\] .* [1-9]\d*\/1000/.test(chunk.toString())) child.kill(signal);
					});
				},
			},
		);
		expect(code, stderr).toBe(130);
		const json = JSON.parse(readFileSync(files.json, 'utf8')) as JsonSummary;
		expect(json.interrupted).toBe(true);
		const completed = json.endpoints.reduce((total, endpoint) => total + endpoint.requests, 0);
		expect(completed).toBeGreaterThan(0);
		expect(completed).toBeLessThan(2000);
		expect(readCsv(files.requestCsv)).toHaveLength(completed);
		const aggregate = readCsv(files.csv);
		expect(aggregate[0]?.['Success Rate']).toBe(`${json.endpoints[0]?.successful}/${json.endpoints[0]?.requests}`);
	});

	it('rate, duration, warm-up, probe and thresholds: all in the JSON, exit 3 when a threshold fails', async () => {
		const dir = tempDir();
		const json = join(dir, 'out.json');
		const {code, stdout, stderr} = await runCli([
			'--no-tui',
			'--pipeline',
			'completions',
			'--stream',
			'--rate',
			'20',
			'--duration',
			'2s',
			'--warmup',
			'5',
			'--probe',
			'--json',
			json,
			'--threshold',
			'success>=99%',
			'--threshold',
			'ttft.p95<1us',
			...fastMock,
		]);
		expect(code, stderr).toBe(3);
		expect(stdout).toMatch(/^PASS {2}success>=99% {2}anthropic stream: gateway: 100\.00$/m);
		expect(stdout).toMatch(/^FAIL {2}ttft\.p95<1us {2}anthropic stream: gateway: /m);
		expect(stderr).toMatch(/2 threshold check\(s\) failed/);
		const summary = JSON.parse(readFileSync(json, 'utf8')) as JsonSummary;
		expect(summary.load).toEqual({
			requests: null,
			durationMs: 2000,
			concurrency: 256,
			rate: 20,
			arrival: 'constant',
			warmup: 5,
			seed: null,
			roundSends: null,
			trace: null,
		});
		expect(summary.thresholds).toHaveLength(4);
		for (const endpoint of summary.endpoints) {
			expect(endpoint.requests).toBe(40);
			expect(endpoint.successful + endpoint.failed).toBe(endpoint.requests);
			for (const key of [
				'latencyMs',
				'correctedLatencyMs',
				'ttfbMs',
				'ttftMs',
				'interTokenMs',
				'timePerOutputTokenMs',
				'longestStallMs',
				'lastTokenToEndMs',
				'outputTokensPerSecondPerRequest',
			] as const) {
				expect(endpoint[key], key).not.toBeNull();
			}

			expect(endpoint.schedule).toMatchObject({rate: 20, arrival: 'constant'});
			expect(endpoint.probe?.latencyMs?.p50).toBeGreaterThan(0);
			expect(endpoint.outputTokens?.source).toBeDefined();
			expect(endpoint.sendRate).toBeGreaterThan(15);
		}
	});
});
