import {spawnSync} from 'node:child_process';
import {existsSync, readdirSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {describe, expect, it, vi} from 'vitest';
import {hasTmux, resultFiles, tmuxPanes} from '../helpers/tmux.js';

const {tmux, tempDir, launch, capture, waitForPane, send} = tmuxPanes();

const names = [
	'ws(s): gateway',
	'http(s): gateway',
	'ws(s): sourcegraph',
	'http(s): sourcegraph',
	'http-then-ws(s): sourcegraph',
	'anthropic stream: gateway',
	'anthropic stream: sourcegraph',
];
const escape = (text: string) => text.replaceAll(/[()]/g, '\\$&');

describe.skipIf(!hasTmux)('the console in an 80×24 tmux pane', () => {
	it('is set up with arrow keys and Enter, runs every endpoint live, and saves both CSV files and the report', {timeout: 120_000}, async () => {
		const pane = launch(['--mock-ttft-ms', '5', '--mock-token-delay-ms', '1', '--html', 'report.html']);
		// What to measure: the built-in mock is ticked, so Enter gives the original suite's questions.
		await waitForPane(pane, /setup 1\/6/);
		expect(capture(pane)).toMatch(/› \[x\] built-in mock/);
		await send(pane, 'Enter', /setup 2\/6/);
		expect(capture(pane)).toMatch(/› all\s+every endpoint above/);
		await send(pane, 'Enter', /setup 3\/6/);
		await send(pane, 'Enter', /setup 4\/6/);
		await send(pane, 'Down', /› stream/);
		await send(pane, 'Enter', /setup 5\/6/);
		// Against the mock, Enter through gives a quick first look: 100 requests, 8 in flight.
		expect(capture(pane)).toMatch(/› 100 /);
		await send(pane, 'Down', /› 500 /);
		await send(pane, 'Up', /› 100 /);
		await send(pane, 'Enter', /setup 6\/6/);
		expect(capture(pane)).toMatch(/› 8 /);
		await send(pane, 'Enter', /× 8 in flight · built-in mock/);
		expect(capture(pane)).toContain('100 req × 8 in flight · built-in mock http://127.0.0.1:');

		const summary = await waitForPane(pane, /gatebench results/);
		const running = pane.seen.filter((screen) => / × 8 in flight/.test(screen));
		const everything = running.join('\n');
		// Live progress with a bar, and the percentile table of the current endpoint.
		expect(everything).toMatch(/[█░]+ {2}\d+\/100 {2}\d+%/);
		expect(everything).toMatch(/ms\s+p5\s+p50\s+p75\s+p80\s+p95\s+p99\s+max\s+avg/);
		expect(everything).toMatch(/^latency\s+\d/m);
		expect(everything).toMatch(/latency ms · last \d+ ok/);
		// Finished endpoints stay as rows, each at 100/100.
		for (const name of names.slice(0, 6)) expect(everything).toMatch(new RegExp(`✓ ${escape(name.slice(0, 12))}.*\\s100/100 `));
		// Ink clears the whole screen when a frame fills it: every frame leaves the last line free.
		for (const screen of running) expect(screen.split('\n').filter((line) => line.trim()).length).toBeLessThan(24);

		expect(summary).toMatch(/Endpoint\s+Avg\s+P50\s+.*P95\s+P99\s+.*Success/);
		for (const name of names) expect(summary).toMatch(new RegExp(`${escape(name)}\\s.*100/100`));
		expect(summary).toMatch(/saved gatebench-results\/\d{8}T\d{6}Z-aggregate\.csv/);
		expect(summary).toMatch(/saved gatebench-results\/\d{8}T\d{6}Z-requests\.csv/);
		expect(summary).toMatch(/report report\.html \(open it in a browser\)/);

		await send(pane, 'q', /GATEBENCH_EXIT=0/);
		// After Ink lets go, the comparison and the paths are printed into the scrollback.
		const after = capture(pane, true);
		expect(after).toMatch(/Endpoint\s+Average\s+Median/);
		// Fitted to the 80-column terminal: joined back (-J), no row of the table had wrapped.
		const joined = tmux('capture-pane', '-p', '-J', '-t', pane.name, '-S', '-200').stdout.split('\n');
		const table = joined.slice(joined.findLastIndex((line) => line.startsWith('Endpoint ')));
		const rows = table.slice(
			0,
			table.findIndex((line) => line.trim() === ''),
		);
		expect(rows.length).toBe(2 + names.length);
		for (const row of rows) expect(row.length).toBeLessThan(80);
		expect(after).toMatch(/saved gatebench-results\/\S+-requests\.csv\nsaved report\.html \(the report: open it in a browser\)\nGATEBENCH_EXIT=0/);
		expect(readFileSync(join(pane.dir, 'report.html'), 'utf8')).toContain('<section id="distributions">');

		const {aggregate, requests} = resultFiles(pane.dir);
		expect(aggregate.map((row) => row['Endpoint'])).toEqual(names);
		expect(aggregate.map((row) => row['Success Rate'])).toEqual(names.map(() => '100/100'));
		expect(requests).toHaveLength(7 * 100);
	});

	it('stops on q mid-run and saves what completed (TERM=screen)', {timeout: 120_000}, async () => {
		const pane = launch(
			['--pipeline', 'completions', '--provider', 'anthropic', '--no-stream', '-n', '1000', '-c', '2', '--mock-ttft-ms', '200', '--mock-token-delay-ms', '1'],
			{term: 'screen'},
		);
		// Every choice given: no Setup, the run starts at once.
		await waitForPane(pane, /anthropic: gateway\s+1\/2/);
		expect(pane.seen.join('\n')).not.toContain('setup');
		await waitForPane(pane, /\b(?:[1-9]\d+)\/1000/);
		await send(pane, 'q', /stopped early/);
		const summary = capture(pane);
		const done = /anthropic: gateway\s.*\s(\d+)\/(\d+)\s*$/m.exec(summary);
		expect(done, summary).not.toBeNull();
		await send(pane, 'q', /GATEBENCH_EXIT=130/);

		const {aggregate, requests} = resultFiles(pane.dir);
		const completed = aggregate.map((row) => Number(row['Success Rate']?.split('/')[1]));
		const [gateway = 0, sourcegraph = 0] = completed;
		expect(gateway).toBeGreaterThanOrEqual(10);
		expect(gateway).toBeLessThan(1000);
		expect(sourcegraph).toBe(0);
		// Nothing completed is lost, and nothing cancelled is counted.
		expect(requests).toHaveLength(gateway + sourcegraph);
		expect(Number(done?.[2])).toBe(gateway);
	});

	it.each([
		{name: 'SIGTERM', signals: ['SIGTERM']},
		{name: 'SIGINT', signals: ['SIGINT']},
		{name: 'SIGINT twice', signals: ['SIGINT', 'SIGINT']},
	] as const)('on $name at a random moment saves every completed request and exits 130 by itself', {timeout: 120_000}, async ({signals}) => {
		const pane = launch(['--pipeline', 'websocket', '-n', '200000', '-c', '4', '--mock-ping-delay-ms', '10']);
		await waitForPane(pane, /ws\(s\): gateway\s+1\/2/);
		await new Promise((resolve) => setTimeout(resolve, 300 + Math.floor(Math.random() * 1500)));
		const shell = tmux('display-message', '-p', '-t', pane.name, '#{pane_pid}').stdout.trim();
		const node = spawnSync('pgrep', ['-P', shell, '-f', 'gatebench'], {encoding: 'utf8'}).stdout.trim().split('\n')[0];
		expect(node, 'gatebench process').toMatch(/^\d+$/);
		// Twice: the second one saves from the measuring thread at once, without waiting for the run to wind down.
		for (const signal of signals) process.kill(Number(node), signal);
		await waitForPane(pane, /GATEBENCH_EXIT=130/);
		const {aggregate, requests} = resultFiles(pane.dir);
		const completed = aggregate.map((row) => Number(row['Success Rate']?.split('/')[1]));
		expect(completed[0]).toBeGreaterThan(0);
		expect(requests).toHaveLength(completed.reduce((total, count) => total + count, 0));
		for (const row of aggregate) {
			const mine = requests.filter((request) => request['Endpoint'] === row['Endpoint']);
			expect(`${mine.filter((request) => request['Outcome'] === 'ok').length}/${mine.length}`).toBe(row['Success Rate']);
		}
	});

	it('a Ctrl-C while the console is still loading is not lost: it stops the run and saves, exit 130', {timeout: 120_000}, async () => {
		// The console's module is held back 2 s while loading (a preloaded module hook): the moment the signal is sent.
		const marker = join(tempDir(), 'loading');
		const slowLoad = fileURLToPath(new URL('../fixtures/slow-console-load.mjs', import.meta.url));
		const pane = launch(['--pipeline', 'websocket', '-n', '200000', '-c', '4', '--mock-ping-delay-ms', '10'], {
			nodeArgs: ['--import', slowLoad],
			env: {GATEBENCH_TEST_MARKER: marker},
		});
		const shell = tmux('display-message', '-p', '-t', pane.name, '#{pane_pid}').stdout.trim();
		await vi.waitFor(() => expect(existsSync(marker)).toBe(true), {timeout: 30_000, interval: 20});
		const node = spawnSync('pgrep', ['-P', shell, '-f', 'gatebench'], {encoding: 'utf8'}).stdout.trim().split('\n')[0];
		expect(node, 'gatebench process').toMatch(/^\d+$/);
		process.kill(Number(node), 'SIGINT');
		await waitForPane(pane, /GATEBENCH_EXIT=130/);
		// Heard before the console was up, acted on once it was: without that the run would go on to 200,000 requests.
		const {aggregate, requests} = resultFiles(pane.dir);
		const completed = aggregate.map((row) => Number(row['Success Rate']?.split('/')[1] ?? 0));
		expect(completed.every((count) => count < 200_000)).toBe(true);
		expect(requests).toHaveLength(completed.reduce((total, count) => total + count, 0));
	});

	it('never shows or saves the tokens it sends (console against a gateway URL)', {timeout: 120_000}, async () => {
		const {startMock} = await import('../../source/mock/server.js');
		const mock = await startMock({ttftMs: 2, tokenDelayMs: 1, minTokens: 3, maxTokens: 5, failRate: 0.2, failStatus: 401});
		try {
			const secret = 'sgd_SECRETconsoletoken0123456789';
			const pane = launch([
				'--gateway',
				mock.url,
				'--sgd',
				secret,
				'--sourcegraph',
				mock.url,
				'--sgp',
				'sgp_SECRETaccess',
				'--pipeline',
				'all',
				'--provider',
				'anthropic',
				'--stream',
				'-n',
				'40',
				'-c',
				'2',
			]);
			await waitForPane(pane, /gatebench results/);
			await send(pane, 'q', /GATEBENCH_EXIT=0/);
			const folder = join(pane.dir, 'gatebench-results');
			const written = readdirSync(folder).map((name) => readFileSync(join(folder, name), 'utf8'));
			const everything = [...pane.seen, capture(pane, true), ...written].join('\n');
			expect(everything).toMatch(/http_401/);
			expect(everything).not.toContain('SECRET');
		} finally {
			await mock.close();
		}
	});

	it('spreads a run over measuring threads (--workers): says so in the heading, and saves every request once', {timeout: 120_000}, async () => {
		const pane = launch([
			'--pipeline',
			'completions',
			'--stream',
			'-n',
			'120',
			'-c',
			'4',
			'--workers',
			'2',
			'--mock-ttft-ms',
			'40',
			'--mock-token-delay-ms',
			'4',
			'--mock-min-tokens',
			'5',
			'--mock-max-output-tokens',
			'10',
		]);
		await waitForPane(pane, /setup 1\/1/);
		await send(pane, 'Enter', /2 measuring threads/);
		await waitForPane(pane, /gatebench results/);
		await send(pane, 'q', /GATEBENCH_EXIT=0/);
		const {aggregate, requests} = resultFiles(pane.dir);
		expect(aggregate.map((row) => row['Success Rate'])).toEqual(['120/120', '120/120']);
		for (const endpoint of new Set(requests.map((row) => row['Endpoint']))) {
			const numbers = requests.filter((row) => row['Endpoint'] === endpoint).map((row) => Number(row['Sequence']));
			expect(numbers.sort((a, b) => a - b)).toEqual(Array.from({length: 120}, (_, index) => index));
		}
	});

	it('honours NO_COLOR: not one colour code while it runs, on its summary or in the scrollback, where it colours otherwise', {timeout: 120_000}, async () => {
		// Captured with -e, the colours the program drew show as SGR codes 30–38, 90–97.
		// eslint-disable-next-line no-control-regex -- the escape character is what is looked for
		const colourCode = /\u001B\[(?:[\d;]*;)?(?:3[0-8]|9[0-7])(?:;[\d;]*)?m/;
		const screens = async (env: Record<string, string>) => {
			const launched = launch(['--pipeline', 'http', '-n', '300', '-c', '2', '--mock-ttft-ms', '5', '--mock-token-delay-ms', '1'], {env});
			const pane = {...launched, escapes: true};
			await waitForPane(pane, /gatebench results/);
			await send(pane, 'q', /GATEBENCH_EXIT=0/);
			// And the comparison left in the scrollback.
			return [...pane.seen, capture(pane, true)];
		};
		const coloured = await screens({});
		expect(coloured.some((screen) => colourCode.test(screen))).toBe(true);
		const plain = await screens({NO_COLOR: '1'});
		expect(plain.some((screen) => screen.includes('in flight'))).toBe(true);
		for (const screen of plain) expect(screen).not.toMatch(colourCode);
	});
});
