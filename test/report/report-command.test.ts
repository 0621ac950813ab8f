import {copyFileSync, mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {mulberry32} from '../../source/engine/random.js';
import {type ReportOptions, runReportCommand} from '../../source/report/report-command.js';
import type {JsonSummary} from '../../source/output/json.js';
import {runCli} from '../helpers/cli.js';
import {tempDirPerTest} from '../helpers/temp.js';
import {syntheticRun, valuesAround, writeRun} from '../helpers/synthetic-run.js';
import {colourAt} from '../helpers/ink.js';

const tempDir = tempDirPerTest();

function report(files: string[], options: Partial<ReportOptions> = {}) {
	let stdout = '';
	let stderr = '';
	const code = runReportCommand(files, {
		merge: false,
		colour: false,
		stdout: {write: (text: string) => (stdout += text)},
		stderr: {write: (text: string) => (stderr += text)},
		...options,
	});
	return {code, stdout, stderr};
}

const tableRows = (stdout: string) => stdout.split('\n\n')[0]?.split('\n').slice(2) ?? [];
const comparisonLines = (stdout: string) =>
	stdout
		.split('\n\n')
		.find((part) => part.startsWith('Difference from the baseline'))
		?.trimEnd()
		.split('\n')
		.slice(1) ?? [];

describe('gatebench report, on files of a real run', () => {
	// Made once for every test here (tempDirPerTest's folders are removed after each test).
	const runDir = mkdtempSync(join(tmpdir(), 'gatebench-report-'));
	const realRun = join(runDir, 'a.json');
	afterAll(() => rmSync(runDir, {recursive: true, force: true}));
	beforeAll(async () => {
		const {code, stderr} = await runCli(['--no-tui', '--pipeline', 'http', '-n', '50', '--json', realRun]);
		expect(code, stderr).toBe(0);
	}, 60_000);

	it('prints every endpoint of every file side by side, then the comparison with the first', () => {
		const dir = tempDir();
		const a = join(dir, 'a.json');
		const b = join(dir, 'b.json');
		copyFileSync(realRun, a);
		copyFileSync(realRun, b);
		const {code, stdout, stderr} = report([a, b]);
		expect(code, stderr).toBe(0);
		expect(stderr).toBe('');
		expect(stdout).toMatch(/^Endpoint\s+Average\s+Median\s+P5\s+P75\s+P80\s+P95\s+P99\s+Total\s+Success/);
		const rows = tableRows(stdout);
		expect(rows).toHaveLength(6);
		expect(rows[0]).toMatch(/^http\(s\): gateway \(a\.json\)\s/);
		expect(rows[3]).toMatch(/^http\(s\): gateway \(b\.json\)\s/);
		for (const row of rows) expect(row).toMatch(/ 50\/50$/);
		const lines = comparisonLines(stdout);
		expect(lines).toHaveLength(5);
		expect(lines[0]).toMatch(/^http\(s\): sourcegraph \(a\.json\) vs http\(s\): gateway \(a\.json\) {2}p50 [+-]\d+\.\d\d ms \[[+-]\d+\.\d\d, [+-]\d+\.\d\d\]/);
		// The same endpoint read twice: no clear difference, by construction.
		expect(lines[2]).toMatch(/^http\(s\): gateway \(b\.json\) vs http\(s\): gateway \(a\.json\) {2}p50 \+0\.00 ms .*no clear difference/);
		expect(report([a, b]).stdout).toBe(stdout);
	});

	it('merges two copies into one table with every count doubled, and writes the merged run', () => {
		const dir = tempDir();
		const merged = join(dir, 'merged.json');
		const {code, stdout, stderr} = report([realRun, realRun], {merge: true, json: merged});
		expect(code, stderr).toBe(0);
		expect(stderr).toContain('merged 2 file(s), 2 run(s)');
		expect(stderr).toContain(`saved ${merged}`);
		const rows = tableRows(stdout);
		expect(rows).toHaveLength(3);
		for (const row of rows) expect(row).toMatch(/ 100\/100$/);
		expect(comparisonLines(stdout)).toHaveLength(2);
		const original = JSON.parse(readFileSync(realRun, 'utf8')) as JsonSummary;
		const written = JSON.parse(readFileSync(merged, 'utf8')) as JsonSummary & {machines: number};
		expect(written.machines).toBe(2);
		for (const [index, endpoint] of written.endpoints.entries()) {
			const before = original.endpoints[index];
			expect([endpoint.name, endpoint.requests, endpoint.successful, endpoint.failed]).toEqual([
				before?.name,
				2 * (before?.requests ?? 0),
				2 * (before?.successful ?? 0),
				0,
			]);
			expect(endpoint.latencyMs?.p50).toBe(before?.latencyMs?.p50);
			expect(endpoint.latencyMs?.total).toBeCloseTo(2 * (before?.latencyMs?.total ?? 0), 6);
			expect(Object.keys(endpoint.histograms)).toEqual(Object.keys(before?.histograms ?? {}));
		}

		// The merged file reports as the merge printed it.
		expect(report([merged]).stdout).toBe(stdout);
		expect(report([realRun, realRun], {merge: true, json: merged}).code).toBe(2);
	});
});

describe('gatebench report, on synthetic files', () => {
	it('shows a clear difference where there is one, and none where there is none', () => {
		const random = mulberry32(9);
		const base = valuesAround(2000, 30_000, 8000, random);
		const run = syntheticRun([
			{name: 'anthropic: gateway', latencyUs: base, ttftUs: base.map((value) => value / 3)},
			{name: 'fireworks: gateway', latencyUs: base.map((value) => value + 12_000), ttftUs: base.map((value) => value / 3)},
		]);
		const {code, stdout} = report([writeRun(tempDir(), 'run.json', run)]);
		expect(code).toBe(0);
		const [line] = comparisonLines(stdout);
		expect(line).toMatch(/^fireworks: gateway vs anthropic: gateway {2}p50 \+1[12]\.\d\d ms \[\+1[12]\.\d\d, \+1[12]\.\d\d\] {2}p95 \+1[12]\.\d\d ms/);
		expect(line).toMatch(/TTFT p50 \+0\.00 ms \[[+-]\d\.\d\d, [+-]\d\.\d\d\] no clear difference {2}TTFT p95 .* no clear difference$/);
	});

	it('colours best and worst only in columns where the difference is clear', () => {
		const random = mulberry32(11);
		const base = valuesAround(2000, 30_000, 8000, random);
		// Latency 12 ms apart; TTFT 0.05 ms apart, well inside the noise of 2,000 replies.
		const run = syntheticRun([
			{name: 'anthropic: gateway', latencyUs: base, ttftUs: base.map((value) => value / 3)},
			{name: 'fireworks: gateway', latencyUs: base.map((value) => value + 12_000), ttftUs: base.map((value) => value / 3 + 50)},
		]);
		const file = writeRun(tempDir(), 'run.json', run);
		const plain = report([file]).stdout;
		const coloured = report([file], {colour: true}).stdout;
		const header = plain.split('\n')[0]?.split(/ {2,}/) ?? [];
		const cells = tableRows(plain)[0]?.split(/ {2,}/) ?? [];
		const row = tableRows(coloured)[0] ?? '';
		expect(colourAt(row, cells[header.indexOf('Median')] ?? '?')).toBe(32);
		expect(cells[header.indexOf('TTFT P50')]).not.toBe(tableRows(plain)[1]?.split(/ {2,}/)[header.indexOf('TTFT P50')]);
		expect(colourAt(row, cells[header.indexOf('TTFT P50')] ?? '?')).toBeUndefined();
	});

	it('cleans control sequences out of names from a file', () => {
		const run = syntheticRun([{name: 'evil\u001B]0;pwned\u0007 name\u001B[2J', latencyUs: [1000, 2000]}]);
		const {code, stdout} = report([writeRun(tempDir(), 'evil.json', run)]);
		expect(code).toBe(0);
		// eslint-disable-next-line no-control-regex -- control characters are exactly what must not get through
		expect(stdout).not.toMatch(/[\u0000-\u0008\u000B-\u001F]/);
		expect(stdout).toContain('evil');
	});
});
