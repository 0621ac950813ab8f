import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {startTime} from '../../source/cli/validate.js';
import {runCli} from '../helpers/cli.js';
import {expectWithinHdrPrecision} from '../helpers/hdr-precision.js';
import {tempDirPerTest} from '../helpers/temp.js';
import {readCsv} from '../helpers/csv.js';

const tempDir = tempDirPerTest();

type Times = {p50: number; p95: number; p99: number; max: number};
type RunJson = {
	startedAt: string;
	machines?: number;
	concurrency: number;
	startAt: {planned: string; actual: string | null; lateMs: number | null} | null;
	endpoints: Array<{name: string; requests: number; successful: number; latencyMs: Times}>;
};

const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as RunJson;

describe('runs on many hosts, started together and merged', () => {
	it('reads --start-at as an ISO time with its zone or +duration, and refuses the rest in one line', () => {
		const now = Date.parse('2026-12-02T10:00:00Z');
		expect(startTime('+30s', now)).toBe(now + 30_000);
		expect(startTime('2026-12-02T10:05:00Z', now)).toBe(now + 300_000);
		expect(startTime('2026-12-02T11:05:00+01:00', now)).toBe(now + 300_000);
		expect(startTime('2026-12-02T10:05:00', now)).toMatch(/^--start-at 2026-12-02T10:05:00: expected an ISO time with its zone/);
		expect(startTime('+30', now)).toMatch(/^--start-at \+30: expected a time such as \+30s/);
		expect(startTime('2026-13-45T10:05:00Z', now)).toBe('--start-at 2026-13-45T10:05:00Z: not a valid time');
	});

	it(
		'four processes with one --start-at overlap; merged, their counts add and their percentiles are those of all their requests',
		{timeout: 120_000},
		async () => {
			const dir = tempDir();
			const plannedMs = Date.now() + 8000;
			const planned = new Date(plannedMs).toISOString();
			const hosts = [1, 2, 3, 4];
			const results = await Promise.all(
				hosts.map((host) =>
					runCli([
						'--no-tui',
						'--pipeline',
						'http',
						'--requests',
						'150',
						'-c',
						'2',
						'--start-at',
						planned,
						'--json',
						join(dir, `host-${host}.json`),
						'--request-csv',
						join(dir, `host-${host}.csv`),
						...(host === 1 ? ['--html', join(dir, 'host-1.html')] : []),
					]),
				),
			);
			for (const result of results) {
				expect(result.code, result.stderr).toBe(0);
				expect(result.stderr).toMatch(/--start-at: the first measured request waits until |--start-at .* passed .* ago: starting now/);
			}

			const runs = hosts.map((host) => readJson(join(dir, `host-${host}.json`)));
			for (const run of runs) {
				expect(run.startAt?.planned).toBe(planned);
				const actualMs = Date.parse(run.startAt?.actual ?? '');
				// Never before the planned time; held to it unless the process itself started after it (a slow machine).
				expect(actualMs).toBeGreaterThanOrEqual(plannedMs - 5);
				if (Date.parse(run.startedAt) < plannedMs - 500) expect(run.startAt?.lateMs).toBeLessThan(1000);
			}

			// The page says what the run was held for.
			expect(readFileSync(join(dir, 'host-1.html'), 'utf8')).toMatch(
				/<dt>Held until<\/dt>\s*<dd>[\d-]+ [\d:]+ UTC \(--start-at; the first measured request left [\d.]+ ms late\)<\/dd>/,
			);

			const merged = join(dir, 'merged.json');
			const report = await runCli(['report', '--merge', '--json', merged, ...hosts.map((host) => join(dir, `host-${host}.json`))]);
			expect(report.code, report.stderr).toBe(0);
			const all = readJson(merged);
			expect(all.machines).toBe(4);
			// They overlapped: side by side, the load adds up (2 in flight each).
			expect(all.concurrency).toBe(8);
			const rows = hosts.flatMap((host) => readCsv(join(dir, `host-${host}.csv`)));
			expect(all.endpoints.length).toBeGreaterThan(0);
			for (const endpoint of all.endpoints) {
				const parts = runs.map((run) => run.endpoints.find((each) => each.name === endpoint.name));
				expect(endpoint.requests).toBe(parts.reduce((sum, part) => sum + (part?.requests ?? 0), 0));
				expect(endpoint.requests).toBe(4 * 150);
				const durations = rows
					.filter((row) => row['Endpoint'] === endpoint.name && row['Outcome'] === 'ok')
					.map((row) => Number(row['Duration (ms)']))
					.sort((a, b) => a - b);
				expect(durations).toHaveLength(endpoint.successful);
				expectWithinHdrPrecision(endpoint.latencyMs, durations, endpoint.name);
			}
		},
	);
});
