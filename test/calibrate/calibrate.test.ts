import {readFileSync, writeFileSync, mkdirSync} from 'node:fs';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';
import {startCalibrationProcess} from '../../source/calibrate/calibrate-process.js';
import {runCli} from '../helpers/cli.js';
import {tempDirPerTest} from '../helpers/temp.js';

const slowClient = fileURLToPath(new URL('../fixtures/slow-client.mjs', import.meta.url));
const tempDir = tempDirPerTest();

type Kept = {
	calibrations: Array<{requestsPerSecond: number; eventsPerSecond: number; httpClient: string; timingErrorMs: number; machine: {cpu: string; cores: number}}>;
};
type Ceiling = {share: number | null; warn: boolean; requestsPerSecond: number; ceiling: {requestsPerSecond: number} | null};

describe('gatebench calibrate, and the ceiling every run states', () => {
	it('measures a deliberately slowed client low, keeps it, and flags a run that goes past it (headless, JSON, HTML)', async () => {
		const cache = tempDir();
		// A 5 ms budget: the slowed client's own stalls break it, a busy test machine's alone do not.
		// As the console starts it (`c` on the results): `gatebench calibrate` in a process of its own, its lines read as they come.
		const calibration = startCalibrationProcess('raw', {...process.env, XDG_CACHE_HOME: cache, NODE_OPTIONS: `--import=${slowClient}`}, [
			'--step',
			'300ms',
			'--timing-error',
			'5ms',
		]);
		const lines: string[] = [];
		calibration.onLine((line) => lines.push(line));
		const calibrated = await calibration.done;
		expect(calibrated.problem, lines.join('\n')).toBeUndefined();
		expect(lines[1]).toMatch(/^calibrate requests: 250 req\/s asked: .* — (held|not held)/);
		expect(lines.at(-1)).toMatch(/^calibrate: kept in .*calibration\.json; every run on this machine now says how close it came$/);
		expect(calibrated.stdout).toMatch(/^client ceiling \(raw, timing error under 5 ms at p99\): [\d,]+ requests\/s, .*[\d,]+ streamed events\/s/);
		const kept = JSON.parse(readFileSync(join(cache, 'gatebench', 'calibration.json'), 'utf8')) as Kept;
		expect(calibrated.ceiling).toEqual(kept.calibrations[0]);
		expect(kept.calibrations).toHaveLength(1);
		const [ceiling] = kept.calibrations;
		expect(ceiling?.timingErrorMs).toBe(5);
		// 100 µs of CPU on every clock reading: a few hundred requests a second at most within 1 ms of timing.
		expect(ceiling?.requestsPerSecond).toBeGreaterThan(0);
		expect(ceiling?.requestsPerSecond).toBeLessThan(4000);
		expect(ceiling?.machine.cores).toBeGreaterThan(0);

		// The same machine's client at full speed, asked for more than that slow client's ceiling.
		const dir = tempDir();
		const run = await runCli(
			['--pipeline', 'http', '--rate', '1500', '--duration', '1s', '--no-tui', '--json', join(dir, 'run.json'), '--html', join(dir, 'run.html')],
			{
				env: {XDG_CACHE_HOME: cache},
			},
		);
		expect(run.code, run.stderr).toBe(0);
		expect(run.stdout).toMatch(/^client at \d+% of its measured ceiling \([\d,]+ req\/s/);
		expect(run.stdout).toMatch(/warning: client near its ceiling: at \d+% .* --workers 2 or over more machines/);
		const json = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')) as {clientCeiling: Ceiling};
		expect(json.clientCeiling.warn).toBe(true);
		expect(json.clientCeiling.share).toBeGreaterThan(0.7);
		expect(json.clientCeiling.ceiling?.requestsPerSecond).toBe(ceiling?.requestsPerSecond);
		const page = readFileSync(join(dir, 'run.html'), 'utf8');
		expect(page).toContain('Client ceiling');
		expect(page).toMatch(/client near its ceiling: at \d+%/);
	});

	it('says nothing against a ceiling far above the run, and keeps the ceiling of each client and machine apart', async () => {
		const cache = tempDir();
		mkdirSync(join(cache, 'gatebench'));
		const {cpus} = await import('node:os');
		const machine = {cpu: cpus()[0]?.model.trim() ?? 'unknown', cores: cpus().length};
		const at = (requestsPerSecond: number, httpClient: string, cpu = machine.cpu) => ({
			requestsPerSecond,
			eventsPerSecond: 1e9,
			eventsAtLeast: false,
			httpClient,
			measuredAt: '2026-12-07T12:00:00.000Z',
			machine: {...machine, cpu},
			node: 'v20',
			version: '0',
		});
		writeFileSync(
			join(cache, 'gatebench', 'calibration.json'),
			JSON.stringify({calibrations: [at(1, 'raw', 'another machine'), at(1, 'undici'), at(1e9, 'raw')]}),
		);
		const dir = tempDir();
		const run = await runCli(['--pipeline', 'http', '-n', '50', '-c', '2', '--no-tui', '--json', join(dir, 'run.json')], {env: {XDG_CACHE_HOME: cache}});
		expect(run.code, run.stderr).toBe(0);
		expect(run.stdout).toMatch(/^client at 0% of its measured ceiling \(1,000,000,000 req\/s/);
		expect(run.stdout).not.toContain('near its ceiling');
		const json = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')) as {clientCeiling: Ceiling};
		expect(json.clientCeiling.warn).toBe(false);
		expect(json.clientCeiling.share).toBeLessThan(0.01);
	});
});
