import {spawn, spawnSync} from 'node:child_process';
import {lstatSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {parse} from 'csv-parse/sync';
import {describe, expect, it} from 'vitest';
import {aggregateCsv, aggregateCsvHeader} from '../../source/output/aggregate-csv.js';
import {unwritable, writeFileAtomic} from '../../source/output/files.js';
import {jsonSummary} from '../../source/output/json.js';
import {RequestCsvWriter, requestCsvHeader} from '../../source/output/request-csv.js';
import {comparisonTable} from '../../source/output/table.js';
import {Accumulator} from '../../source/stats/accumulator.js';
import type {EndpointInfo, Sample} from '../../source/engine/endpoint.js';
import {tempDirPerTest} from '../helpers/temp.js';

const tempDir = tempDirPerTest();
const info = (name: string): EndpointInfo => ({
	name,
	pipeline: 'completions',
	target: 'gateway',
	provider: 'anthropic',
	stream: true,
	url: 'http://127.0.0.1:1/x',
});
const sample = (overrides: Partial<Sample>): Sample => ({endpoint: 0, seq: 0, startOffsetUs: 0, durationUs: 1500, outcome: 'ok', bytes: 10, ...overrides});

function statsOf(name: string, samples: Sample[]) {
	const accumulator = new Accumulator(0, info(name), samples.length);
	accumulator.start(0n);
	for (const item of samples) accumulator.record(item);
	accumulator.finish(2_000_000_000n);
	return accumulator.stats();
}

describe('request CSV', () => {
	it('has the original columns first, one row per request, quoted and formula-safe', () => {
		const path = join(tempDir(), 'req.csv');
		const writer = new RequestCsvWriter(path, ['X-Served-By']);
		writer.setEndpoints([info('anthropic stream: gateway, "quoted"')]);
		const recorded = {'x-portkey-retry-attempt-count': '2', 'x-served-by': '=cmd|x'};
		writer.write(sample({seq: 0, traceId: 'abc', ttfbUs: 200, ttftUs: 300, tokens: {output: 7, estimated: false}, status: 200, server: {recorded}}));
		writer.write(sample({seq: 1, traceId: '=HYPERLINK("http://evil")', outcome: 'http_529', status: 529, error: 'overloaded,\nretry later'}));
		writer.close();
		writer.write(sample({seq: 2}));
		const rows = parse(readFileSync(path, 'utf8'), {columns: true}) as Array<Record<string, string>>;
		// The gateways' self-reports always, then the headers asked for.
		expect(Object.keys(rows[0] ?? {})).toEqual([...requestCsvHeader, 'Header x-portkey-retry-attempt-count', 'Header server-timing', 'Header x-served-by']);
		expect(requestCsvHeader.slice(0, 3)).toEqual(['Endpoint', 'Duration (ms)', 'Trace ID']);
		expect(rows).toHaveLength(2);
		expect(rows[0]).toMatchObject({
			Endpoint: 'anthropic stream: gateway, "quoted"',
			'Duration (ms)': '1.50',
			'Trace ID': 'abc',
			'TTFT (ms)': '0.30',
			'Output Tokens': '7',
			Outcome: 'ok',
			'Header x-portkey-retry-attempt-count': '2',
			'Header server-timing': '',
			'Header x-served-by': "'=cmd|x",
		});
		expect(rows[1]?.['Trace ID']).toBe('\'=HYPERLINK("http://evil")');
		expect(rows[1]?.['Error']).toBe('overloaded,\nretry later');
		expect(rows[1]?.['Outcome']).toBe('http_529');
	});
});

describe('aggregate CSV and JSON', () => {
	const samples = [
		sample({seq: 0, durationUs: 1000, ttftUs: 400, tokens: {output: 10, estimated: false}, interTokenGapsUs: [10, 20]}),
		sample({seq: 1, durationUs: 3000, ttftUs: 600, tokens: {output: 20, estimated: false}}),
		sample({seq: 2, outcome: 'timeout'}),
	];

	it('round-trips the aggregate with the original columns in order', () => {
		const path = join(tempDir(), 'agg.csv');
		writeFileAtomic(path, aggregateCsv([statsOf('a', samples)]));
		const [header, row] = parse(readFileSync(path, 'utf8')) as string[][];
		expect(header).toEqual(aggregateCsvHeader);
		expect(header?.slice(0, 9)).toEqual([
			'Endpoint',
			'Average (ms)',
			'Median (ms)',
			'P5 (ms)',
			'P75 (ms)',
			'P80 (ms)',
			'P95 (ms)',
			'Total (ms)',
			'Success Rate',
		]);
		const cells = Object.fromEntries(header?.map((name, index) => [name, row?.[index]]) ?? []);
		expect(cells['Average (ms)']).toBe('2.00');
		expect(cells['Total (ms)']).toBe('4.00');
		expect(cells['Success Rate']).toBe('2/3');
		expect(cells['Errors']).toBe('timeout:1');
		expect(cells['Output Tokens']).toBe('30');
		expect(cells['Output Tokens/s']).toBe('15.00');
		expect(cells['Requests/s']).toBe('1.50');
	});

	it('writes the documented JSON shape with successful + failed == requests', () => {
		const json = jsonSummary(
			{
				version: '1.2.3',
				startedAt: new Date(0),
				finishedAt: new Date(1000),
				interrupted: false,
				mock: true,
				httpClient: 'undici',
				load: {requests: 3, concurrency: 1},
			},
			[statsOf('a', samples)],
		);
		const parsed = JSON.parse(JSON.stringify(json)) as typeof json;
		const [endpoint] = parsed.endpoints;
		expect(parsed).toMatchObject({version: '1.2.3', interrupted: false, mock: true, startedAt: '1970-01-01T00:00:00.000Z'});
		expect(endpoint).toMatchObject({
			name: 'a',
			pipeline: 'completions',
			target: 'gateway',
			provider: 'anthropic',
			stream: true,
			requests: 3,
			successful: 2,
			failed: 1,
			errors: {timeout: 1},
		});
		expect(Object.keys(endpoint?.latencyMs ?? {})).toEqual(['avg', 'p5', 'p50', 'p75', 'p80', 'p95', 'p99', 'max', 'total']);
		expect(endpoint?.ttftMs?.max).toBeCloseTo(0.6, 2);
		expect(endpoint?.interTokenMs?.total).toBeCloseTo(0.03, 3);
		expect(endpoint?.outputTokens).toEqual({
			total: 30,
			input: 0,
			perSecond: 15,
			inputPerSecond: 0,
			estimated: false,
			source: {usage: 2, counted: 0},
			mismatches: 0,
		});
		expect(endpoint?.ttfbMs).toBeNull();
	});
});

describe('comparison table', () => {
	it('marks the best value green and the worst red in each column judged clear, never the average, the total or the count; plain without colour', () => {
		const fast = statsOf('fast', [sample({durationUs: 1000})]);
		const slow = statsOf('slow', [sample({durationUs: 9000})]);
		expect(comparisonTable([fast, slow], true)).not.toContain('\u001B[3');
		const coloured = comparisonTable([fast, slow], true, undefined, {Median: true, Average: true, Total: true, Success: true});
		expect(coloured.split('\n').filter((line) => line.includes('\u001B[32m'))).toHaveLength(1);
		const fastLine = coloured.split('\n').find((line) => line.startsWith('fast')) ?? '';
		const slowLine = coloured.split('\n').find((line) => line.startsWith('slow')) ?? '';
		expect(fastLine).toContain('\u001B[32m');
		expect(slowLine).toContain('\u001B[31m');
		// One cell each: the median's.
		expect(fastLine.split('\u001B[32m')).toHaveLength(2);
		expect(slowLine.split('\u001B[31m')).toHaveLength(2);
		const plain = comparisonTable([fast, slow], false);
		expect(plain).not.toContain('\u001B[');
		expect(plain.split('\n')[0]).toMatch(/^Endpoint\s+Average\s+Median\s+P5\s+P75\s+P80\s+P95\s+P99\s+Total\s+Success$/);
	});

	it.each([100, 80, 60, 40])('fitted to a %i-column terminal: no line is longer, the least important columns go first', (width) => {
		const endpoints = [statsOf('anthropic stream: a gateway with a long name', [sample({durationUs: 1000})]), statsOf('slow', [sample({durationUs: 9000})])];
		const full = comparisonTable(endpoints, false);
		expect(Math.max(...full.split('\n').map((line) => line.length))).toBeGreaterThan(width);
		const fitted = comparisonTable(endpoints, false, width).trimEnd().split('\n');
		for (const line of fitted) expect(line.length).toBeLessThanOrEqual(width);
		const header = fitted[0] ?? '';
		// Endpoint and the average always stay, the success count down to 60 columns; Total is the first to go.
		expect(header).toMatch(/^Endpoint\s+Average\s/);
		expect(header).not.toContain('Total');
		if (width >= 60) expect(header).toMatch(/Success$/);
		if (width >= 60) expect(fitted[3]).toMatch(/^slow\s.*1\/1$/);
		// A name too long for the room is cut in the middle with an ellipsis (both ends stay), never wrapped.
		if (width < 80) expect(fitted[2]).toMatch(/^anthropi[^…]*…[^…]*name\s/);
	});
});

describe('files that are not files', () => {
	it('a named pipe (as /dev/null or /dev/stdout is a device) is written to, not replaced, and needs no --overwrite', async () => {
		const fifo = join(tempDir(), 'results.json');
		expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
		expect(unwritable(fifo, false)).toBeUndefined();
		// A reader of its own: writing to a pipe waits for one.
		const reader = spawn('cat', [fifo]);
		let read = '';
		reader.stdout.on('data', (chunk: Buffer) => (read += chunk.toString()));
		const ended = new Promise((resolve) => reader.once('close', resolve));
		writeFileAtomic(fifo, '{"ok":true}\n');
		await ended;
		expect(read).toBe('{"ok":true}\n');
		expect(lstatSync(fifo).isFIFO()).toBe(true);
		// A regular file is still replaced whole, and not without --overwrite.
		const file = join(tempDir(), 'run.json');
		writeFileAtomic(file, 'one');
		expect(unwritable(file, false)).toBe('already exists (pass --overwrite to replace it)');
	});
});
