// 4. The console (under a real pseudo-terminal) vs headless on the same workload.
import {existsSync, readFileSync, rmSync, statSync} from 'node:fs';
import {performance} from 'node:perf_hooks';
import {readAggregateCsv} from '../lib/csv.js';
import {gatebenchBin} from '../lib/paths.js';
import {coreBusyMs, cores, otherLoadSamples, pinningEnabled, scratchDir, scratchFile, threadShares, tools} from '../lib/procs.js';
import {check, paceSetter} from '../lib/report.js';
import {fmt, interleave, max, medianOf, min, otherLoadCell, pct, ratio} from '../lib/stats.js';
import {runInTmux} from '../lib/tmux.js';
import {withServerCpu} from '../lib/mock.js';

export const id = 'console';
export const title = 'Console vs headless';

const endpointName = 'http(s): gateway';

/** A plain headless run prints the progress line and the text table; the console draws its own screen. */
/** @param {string} screen */
const looksHeadless = (screen) => /\[1\/1\] http\(s\): gateway/.test(screen) && /Endpoint\s+Average\s+Median/.test(screen);

/** @param {import('../run.js').SectionContext} context */
export async function run({config, pingMock, log}) {
	const mock = await pingMock();
	const {requests: n, concurrency: c} = config.console;
	/** @type {Record<string, string>} */
	const screens = {};
	/** @param {'console' | 'headless'} mode @param {number} round */
	const once = async (mode, round) => {
		const csv = scratchFile(`${mode}-aggregate.csv`);
		const requestCsv = scratchFile(`${mode}-requests.csv`);
		const timeFile = scratchFile(`${mode}-time.txt`);
		const timed = tools.time ? [tools.time, '-f', 'GBTIME %U %S', '-o', timeFile] : [];
		const argv = [
			...timed,
			process.execPath,
			gatebenchBin,
			...(mode === 'headless' ? ['--no-tui'] : []),
			'--pipeline',
			'http',
			'-n',
			String(n),
			'-c',
			String(c),
			'--gateway',
			mock.url,
			'--sgd',
			'bench',
			'--csv',
			csv,
			'--request-csv',
			requestCsv,
		];
		const busy0 = coreBusyMs();
		const t0 = performance.now();
		// Mid-run, where the process's CPU goes, thread by thread (the request CSV's path is unique to this run).
		const threads = threadShares(requestCsv, {ready: () => existsSync(requestCsv) && statSync(requestCsv).size > 0});
		const {
			value: tty,
			serverCpuMs,
			serverOtherLoad,
		} = await withServerCpu(mock, () => runInTmux(argv, {cwd: scratchDir(), doneFile: csv, timeoutMs: Math.max(120_000, n * 2)}));
		const shares = await threads;
		const wall = performance.now() - t0;
		const busy1 = coreBusyMs();
		try {
			const times = existsSync(timeFile) ? /GBTIME (\S+) (\S+)/.exec(readFileSync(timeFile, 'utf8')) : null;
			const cpuMs = times ? (Number(times[1]) + Number(times[2])) * 1000 : undefined;
			const otherLoad =
				pinningEnabled() && cpuMs !== undefined && busy0 && busy1 ? Math.max(0, (busy1[cores.client] - busy0[cores.client] - cpuMs) / wall) : undefined;
			if (otherLoad !== undefined) otherLoadSamples.client.push(otherLoad);
			if (tty.exitStatus !== 0) throw new Error(`${mode} run exited ${tty.exitStatus}; last screen:\n${tty.screen.trim()}`);
			if (!existsSync(csv)) throw new Error(`${mode} run wrote no aggregate CSV; last screen:\n${tty.screen.trim()}`);
			const row = readAggregateCsv(csv).find((r) => r.Endpoint === endpointName);
			if (!row) throw new Error(`${mode} aggregate CSV has no "${endpointName}" row`);
			if (round === 0) screens[mode] = tty.screen;
			const rps = Number(row['Requests/s']);
			const requests = Number(row.Requests);
			const elapsedMs = (requests / rps) * 1000;
			return {
				rps,
				requests,
				p50: Number(row['Median (ms)']),
				p99: Number(row['P99 (ms)']),
				serverBusy: serverCpuMs === undefined ? undefined : serverCpuMs / elapsedMs,
				serverOtherLoad,
				otherLoad,
				cpuMs,
				cpuUsPerRequest: cpuMs === undefined ? undefined : (cpuMs * 1000) / requests,
				nudged: tty.nudged,
				// All the program wrote to the terminal (start-up and closing summary too) over the measured run's time: an upper bound.
				terminalKBps: tty.terminalBytes === undefined ? undefined : tty.terminalBytes / 1024 / (elapsedMs / 1000),
				// Shares of the one pinned core, mid-run. Console: main = drawing, busiest other = measuring thread.
				mainShare: shares?.main,
				workerShare: shares?.busiestOther,
				helperShare: shares?.rest,
			};
		} finally {
			rmSync(csv, {force: true});
			rmSync(requestCsv, {force: true});
			rmSync(timeFile, {force: true});
		}
	};

	log(`c=${c}, ${n} requests each, in a 120×40 tmux pane`);
	const runs = await interleave(
		config.rounds,
		[
			{name: 'console', run: (round) => once('console', round)},
			{name: 'headless', run: (round) => once('headless', round)},
		],
		log,
	);
	const placeholder = screens.console !== undefined && looksHeadless(screens.console);
	const r = ratio(medianOf(runs.console, 'rps'), medianOf(runs.headless, 'rps'));
	const roundRatios = runs.console.map((x, i) => ratio(x.rps, runs.headless[i].rps));
	const label = placeholder ? 'console (placeholder: ran headless)' : 'console';
	const nudged = runs.console.find((x) => x.nudged)?.nudged;
	const kbps = medianOf(runs.console, 'terminalKBps');
	const comparing = await comparisonScreen(config.console.comparisonSeconds, log);
	return {
		about: `\`gatebench --pipeline http -n ${n} -c ${c} --gateway … --csv … --request-csv …\` in a detached 120×40 tmux session with CI unset (so stdout is a terminal and the console runs), vs the same command with \`--no-tui\` in the same kind of pane. Requests/s read from each run's aggregate CSV. ${config.rounds} interleaved round(s).`,
		tables: [
			{
				columns: [
					'mode',
					'req/s (median)',
					'p50 / p99 (ms)',
					'client CPU µs/request',
					'mid-run share of the client core: main / worker / other threads',
					'server core busy',
					'other load (client / server core)',
					'terminal output KB/s of run',
				],
				rows: [
					[
						label,
						fmt(medianOf(runs.console, 'rps'), 0),
						`${fmt(medianOf(runs.console, 'p50'), 3)} / ${fmt(medianOf(runs.console, 'p99'), 3)}`,
						fmt(medianOf(runs.console, 'cpuUsPerRequest'), 1),
						threadCell(runs.console),
						pct(medianOf(runs.console, 'serverBusy')),
						otherLoadCell(runs.console),
						fmt(medianOf(runs.console, 'terminalKBps'), 1),
					],
					[
						'headless (--no-tui)',
						fmt(medianOf(runs.headless, 'rps'), 0),
						`${fmt(medianOf(runs.headless, 'p50'), 3)} / ${fmt(medianOf(runs.headless, 'p99'), 3)}`,
						fmt(medianOf(runs.headless, 'cpuUsPerRequest'), 1),
						threadCell(runs.headless),
						pct(medianOf(runs.headless, 'serverBusy')),
						otherLoadCell(runs.headless),
						fmt(medianOf(runs.headless, 'terminalKBps'), 1),
					],
					[
						'ratio console ÷ headless',
						`${fmt(r, 3)}×`,
						roundRatios.length > 1 ? `per round ${fmt(min(roundRatios), 3)}–${fmt(max(roundRatios), 3)}` : '',
						`${fmt(ratio(medianOf(runs.console, 'cpuUsPerRequest'), medianOf(runs.headless, 'cpuUsPerRequest')), 3)}×`,
						'',
						'',
						'',
						'',
					],
				],
			},
		],
		checks: [
			check(
				'console terminal output ≤ 12 KB/s at 120×40 (over SSH)',
				fmt(kbps, 1),
				'≤ 12 KB/s',
				kbps === undefined ? null : kbps <= 12,
				kbps === undefined ? '—' : `${fmt(12 - kbps, 1)} KB/s to spare`,
				'frames are redrawn at most ~15 times a second, only when a snapshot changed; each frame rewrites the lines that changed, and a wide or tall screen has more of them',
			),
			check(
				'comparison screen (2 endpoints, streamed, interleaved) terminal output ≤ 12 KB/s at 120×40',
				fmt(comparing.kbps, 1),
				'≤ 12 KB/s',
				comparing.kbps === undefined ? null : comparing.kbps <= 12,
				comparing.kbps === undefined ? '—' : `${fmt(12 - comparing.kbps, 1)} KB/s to spare`,
				'Ink redraws the whole frame when anything in it changes (its incremental mode left stale lines in tmux, so it is off): a row, a verdict and a chart per endpoint, four frames a second on this screen',
			),
			check(
				'console ≥ 0.95× headless requests/s',
				`${fmt(r, 3)}×${placeholder ? ' (placeholder)' : ''}`,
				'≥ 0.95×',
				r === undefined ? null : r >= 0.95,
				r === undefined ? '—' : `${r >= 0.95 ? '+' : ''}${fmt((r - 0.95) * 100, 1)} points`,
				consoleLimit(runs),
			),
		],
		notes: [
			placeholder
				? 'The console run printed the headless progress line and plain table: the interactive console is not built yet (source/ui/run-console.ts is a placeholder), so this ratio only shows the harness works; rerun when the console lands.'
				: 'The console run drew its own screen (not the headless table).',
			...(nudged
				? [
						`The console stays on its results screen after the run; once the aggregate CSV was written the harness pressed ${nudged} to close it (this waiting is not in the measured requests/s).`,
					]
				: []),
			"Client CPU per request (user + system time of the gatebench process, from /usr/bin/time inside the pane) is the console's cost independent of machine noise: its ratio is the CPU the console adds per request.",
			'The tmux server (the "terminal") is pinned to the server core with the mock; gatebench to the client core.',
		],
		data: {requests: n, concurrency: c, placeholder, ratio: r, roundRatios, runs, lastScreen: screens, comparing},
	};
}

/** @param {ReadonlyArray<import('../lib/stats.js').Figures>} list */
const threadCell = (list) => `${pct(medianOf(list, 'mainShare'))} / ${pct(medianOf(list, 'workerShare'))} / ${pct(medianOf(list, 'helperShare'))}`;

/** Drawing costs CPU on the core the measuring thread shares (the harness pins the whole process to one core). */
/** @param {Record<string, ReadonlyArray<import('../lib/stats.js').Figures>>} runs */
function consoleLimit(runs) {
	const [consoleCpu, headlessCpu] = [medianOf(runs.console, 'cpuUsPerRequest'), medianOf(runs.headless, 'cpuUsPerRequest')];
	const extra = consoleCpu === undefined || headlessCpu === undefined ? undefined : consoleCpu - headlessCpu;
	const pace = paceSetter({serverBusy: medianOf(runs.headless, 'serverBusy'), otherLoad: medianOf(runs.headless, 'otherLoad')});
	/** @type {(list: ReadonlyArray<import('../lib/stats.js').Figures>, key: string) => string} */
	const share = (list, key) => pct(medianOf(list, key));
	return `headless runs: ${pace}. The whole console process is pinned to one core, so its UI thread shares it with the measuring thread: mid-run the UI took ${share(runs.console, 'mainShare')} of the core and the measuring thread got ${share(runs.console, 'workerShare')} (headless: ${share(runs.headless, 'mainShare')}), V8's and libuv's other threads ${share(runs.console, 'helperShare')} (headless ${share(runs.headless, 'helperShare')}); the two JavaScript threads also take turns on the core, which delays replies to both. Over the whole run, Ink's and the worker's start-up included, ${extra === undefined ? 'extra CPU per request unknown' : `${fmt(extra, 1)} µs more CPU per request`}. With a core to spare for the UI (not pinned), that cost leaves the measuring thread's core`;
}

/**
 * What the comparison screen writes to the terminal: two direct endpoints on the in-process mock,
 * streamed and interleaved, for a fixed time in a 120×40 pane (the busiest screen the console draws).
 * @param {number} seconds
 * @param {(line: string) => void} log
 */
async function comparisonScreen(seconds, log) {
	const csv = scratchFile('comparison-aggregate.csv');
	const requestCsv = scratchFile('comparison-requests.csv');
	log(`comparison screen: 2 endpoints, streamed, ${seconds} s`);
	const argv = [
		process.execPath,
		gatebenchBin,
		...['--openai', 'mock', '--anthropic', 'mock', '--stream', '--duration', `${seconds}s`, '-c', '4'],
		...['--mock-ttft-ms', '20', '--mock-token-delay-ms', '2', '--csv', csv, '--request-csv', requestCsv],
	];
	try {
		const tty = await runInTmux(argv, {cwd: scratchDir(), doneFile: csv, timeoutMs: 120_000 + seconds * 1000});
		if (tty.exitStatus !== 0) throw new Error(`comparison run exited ${tty.exitStatus}; last screen:\n${tty.screen.trim()}`);
		return {seconds, kbps: tty.terminalBytes === undefined ? undefined : tty.terminalBytes / 1024 / seconds};
	} finally {
		rmSync(csv, {force: true});
		rmSync(requestCsv, {force: true});
	}
}
