import {mkdirSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {runReportCommand} from '../../source/report/report-command.js';
import {readRunFile} from '../../source/report/run-file.js';
import {endpointStatsOf} from '../../source/report/stats-of.js';
import {detailLines} from '../../source/output/details.js';
import {tempDirPerTest} from '../helpers/temp.js';
import {syntheticRun, writeRun} from '../helpers/synthetic-run.js';

const tempDir = tempDirPerTest();
const writeText = (path: string, text: string) => (writeFileSync(path, text), path);
const good = () => syntheticRun([{name: 'anthropic: gateway', latencyUs: [1000, 2000, 3000], failures: ['timeout']}]);

function failsWithOneLine(files: string[], options: {merge?: boolean; json?: string} = {}) {
	let stdout = '';
	let stderr = '';
	const code = runReportCommand(files, {
		merge: options.merge ?? false,
		...(options.json === undefined ? {} : {json: options.json}),
		colour: false,
		stdout: {write: (text: string) => (stdout += text)},
		stderr: {write: (text: string) => (stderr += text)},
	});
	expect(code).toBe(2);
	expect(stdout).toBe('');
	expect(stderr).toMatch(/^gatebench report: [^\n]+\n$/);
	return stderr.trimEnd();
}

describe('reading run files', () => {
	it('reads a good file: counts, errors and decoded histograms', () => {
		const run = readRunFile(writeRun(tempDir(), 'good.json', good()));
		if (typeof run === 'string') throw new Error(run);
		const [endpoint] = run.endpoints;
		expect([endpoint?.requests, endpoint?.successful, endpoint?.failed]).toEqual([4, 3, 1]);
		expect(endpoint?.errors).toEqual({timeout: 1});
		expect(endpoint?.metrics.latency?.histogram.totalCount).toBe(3);
		expect(endpoint?.metrics.latency?.totalUs).toBe(6000);
		expect(run.machines).toBe(1);
		expect(endpoint?.info.protocol).toBeUndefined();
	});

	it('reads what an HTTP/2 run spoke back, and nothing else for a protocol', () => {
		const spoke = (protocol: unknown) => {
			const run = readRunFile(writeRun(tempDir(), 'h2.json', {...good(), endpoints: good().endpoints.map((endpoint) => ({...endpoint, protocol}))}));
			if (typeof run === 'string') throw new Error(run);
			return run.endpoints[0]?.info.protocol;
		};
		expect(spoke('h2c')).toBe('h2c');
		expect(spoke('h2')).toBe('h2');
		expect(spoke('http/1.1')).toBeUndefined();
		expect(spoke('\u001b[31mh3')).toBeUndefined();
	});

	it("reads a multi-turn run's first and later turns back, as its summary said them, and refuses them half written", () => {
		const times = (p50: number) => ({avg: p50, p5: p50, p50, p75: p50, p80: p50, p95: p50, p99: p50, max: p50, total: p50 * 4});
		const turn = (requests: number, ttft: number, cachedTokens: number, cacheHitRate: number | null) => ({
			requests,
			latencyMs: times(ttft + 10),
			ttftMs: times(ttft),
			inputTokens: 400,
			cachedTokens,
			cacheHitRate,
		});
		const turns = {first: turn(4, 7.51, 0, 0), later: turn(8, 6.9, 141, 35.2)};
		const run = readRunFile(writeRun(tempDir(), 'turns.json', {...good(), endpoints: good().endpoints.map((endpoint) => ({...endpoint, turns}))}));
		if (typeof run === 'string') throw new Error(run);
		const [endpoint] = run.endpoints;
		expect(endpoint?.turns?.later).toMatchObject({requests: 8, cachedTokens: 141, cacheHitRate: 35.2, ttft: {count: 8, p50: 6.9}});
		expect(detailLines([endpointStatsOf(0, endpoint!)])).toContain(
			'turns: first 4, TTFT p50 7.51 ms, 0.0 % from the prompt cache; later 8, TTFT p50 6.90 ms, 35.2 % from the prompt cache',
		);
		const broken = writeRun(tempDir(), 'x.json', {...good(), endpoints: good().endpoints.map((endpoint) => ({...endpoint, turns: {first: turns.first}}))});
		expect(readRunFile(broken)).toMatch(/endpoint 1 \(anthropic: gateway\) turns: "later" is missing/);
	});

	it.each([
		['a missing file', () => join(tempDir(), 'missing.json'), /missing\.json: cannot read \(no such file\)/],
		['a folder', () => tempDir(), /cannot read \(is a directory\)/],
		['text that is not JSON', (dir: string) => writeText(join(dir, 'x.json'), 'SECRET=sk-abc\n'), /x\.json: not JSON( \(line 1, column \d+\))?$/],
		['JSON cut short', (dir: string) => writeText(join(dir, 'x.json'), '{\n  "version": "0.1.0",\n  "endp'), /x\.json: not JSON( \(line 3, column \d+\))?$/],
		['JSON without endpoints', (dir: string) => writeRun(dir, 'x.json', {version: '0.1.0'}), /not a gatebench run file/],
		[
			'a run without histograms',
			(dir: string) => writeRun(dir, 'x.json', {...good(), endpoints: good().endpoints.map(({histograms: _, ...rest}) => rest)}),
			/no "histograms"/,
		],
		[
			'a corrupt histogram',
			(dir: string) =>
				writeRun(dir, 'x.json', {...good(), endpoints: good().endpoints.map((endpoint) => ({...endpoint, histograms: {latency: 'bm90IGEgaGlzdG9ncmFt'}}))}),
			/histogram "latency" is not a compressed base64 HdrHistogram/,
		],
		[
			'counts that disagree with the histogram',
			(dir: string) => writeRun(dir, 'x.json', {...good(), endpoints: good().endpoints.map((endpoint) => ({...endpoint, requests: 5, successful: 4}))}),
			/latency histogram holds 3 values, not 4/,
		],
		[
			'a bad field',
			(dir: string) => writeRun(dir, 'x.json', {...good(), endpoints: good().endpoints.map((endpoint) => ({...endpoint, pipeline: 'smoke'}))}),
			/endpoint 1 \(anthropic: gateway\): "pipeline" is not one of/,
		],
	])('refuses %s with one line and exit 2', (_name, make, message) => {
		const dir = tempDir();
		const path = make(dir);
		const result = readRunFile(path);
		expect(typeof result).toBe('string');
		expect(result).toMatch(message);
		expect(result).not.toContain('sk-abc');
		const line = failsWithOneLine([writeRun(dir, 'fine.json', good()), path]);
		expect(line).toMatch(message);
	});

	it('refuses bad usage with one line and exit 2', () => {
		const dir = tempDir();
		const file = writeRun(dir, 'fine.json', good());
		expect(failsWithOneLine([])).toContain('no run files given');
		expect(failsWithOneLine([file], {json: join(dir, 'out.json')})).toContain('add --merge');
		expect(failsWithOneLine([file], {merge: true, json: file})).toContain('already exists');
		mkdirSync(join(dir, 'folder'));
		expect(failsWithOneLine([file], {merge: true, json: join(dir, 'nowhere', 'out.json')})).toContain('does not exist');
	});
});
