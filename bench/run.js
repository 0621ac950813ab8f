#!/usr/bin/env node
// `npm run bench` (= npm run build && node bench/run.js [section ...]): measures gatebench against
// autocannon and wrk on this machine and writes bench/results/<date>.md and .json. It measures and
// reports; it asserts nothing. See bench/README.md.
import {spawnSync} from 'node:child_process';
import {cpSync, existsSync, mkdirSync, readFileSync, rmSync} from 'node:fs';
import {cpus, loadavg} from 'node:os';
import {join} from 'node:path';
import {performance} from 'node:perf_hooks';
import {runAutocannon} from './lib/autocannon.js';
import {startMock} from './lib/mock.js';
import {ensurePeers} from './lib/peers.js';
import {benchDir, repoDir, useGatebenchEntry} from './lib/paths.js';
import {cleanupAll, disablePinning, installExitHandlers, onCleanup, otherLoadSamples, pinningEnabled, tools} from './lib/procs.js';
import {median} from './lib/stats.js';
import {writeReport} from './lib/report.js';
import * as accuracy from './sections/accuracy.js';
import * as consoleSection from './sections/console.js';
import * as http from './sections/http.js';
import * as httpClient from './sections/http-client.js';
import * as memory from './sections/memory.js';
import * as overhead from './sections/overhead.js';
import * as startup from './sections/startup.js';
import * as streaming from './sections/streaming.js';
import * as streamScale from './sections/stream-scale.js';
import * as soak from './sections/soak.js';
import * as websocket from './sections/websocket.js';

/** @typedef {typeof config} Config */
/** @typedef {Awaited<ReturnType<typeof startMock>>} Mock */
/**
 * What every section's `run` is given: the counts, the shared ping mock (started on first use), a logger.
 * @typedef {{config: Config, pingMock: () => Promise<Mock>, log: (line: string) => void}} SectionContext
 */
/**
 * @typedef {object} Section
 * @property {string} id
 * @property {string} title
 * @property {(context: SectionContext) => Promise<import('./lib/report.js').SectionResult>} run
 */
/** @type {Section[]} */
const sections = [http, httpClient, websocket, consoleSection, accuracy, overhead, startup, memory, streaming, streamScale, soak];

const env = process.env;
const quick = env.BENCH_QUICK === '1' || env.BENCH_QUICK === 'true';
/** @type {(name: string, fallback: number) => number} */
const intEnv = (name, fallback) => {
	const value = env[name];
	if (value === undefined || value === '') return fallback;
	const number = Number(value.replaceAll('_', ''));
	if (!Number.isInteger(number) || number < 1) {
		process.stderr.write(`bench: ${name} must be a positive integer, got ${value}\n`);
		process.exit(2);
	}

	return number;
};

/** A count for each concurrency a section runs at. @type {(counts: Record<number, number>) => Record<number, number>} */
const perConcurrency = (counts) => counts;

/**
 * Counts. A full run takes ~10–12 minutes on 2 cores with gatebench at ~5,000 req/s, most of it the 1M-request
 * memory section (it shrinks as gatebench gets faster); BENCH_QUICK=1 takes ~1 minute.
 */
const config = {
	quick,
	rounds: intEnv('BENCH_ROUNDS', quick ? 1 : 3),
	http: {concurrency: [1, 16, 64], requests: perConcurrency(quick ? {1: 2000, 16: 5000, 64: 5000} : {1: 10_000, 16: 50_000, 64: 50_000})},
	httpClient: {concurrency: [16, 64], requests: quick ? 2000 : 10_000},
	websocket: {concurrency: [1, 16], requests: perConcurrency(quick ? {1: 2000, 16: 5000} : {1: 20_000, 16: 50_000})},
	console: {concurrency: 64, requests: quick ? 5000 : 150_000, comparisonSeconds: quick ? 8 : 30},
	accuracy: {
		delayMs: 20,
		concurrency: [1, 16],
		durationS: quick ? 2 : 6,
		warmupS: quick ? 1 : 3,
		warmup: perConcurrency(quick ? {1: 20, 16: 200} : {1: 200, 16: 2000}),
		rounds: intEnv('BENCH_ROUNDS', quick ? 1 : 5),
	},
	overhead: {
		concurrency: [1, 16],
		requests: perConcurrency(quick ? {1: 100, 16: 400} : {1: 400, 16: 2000}),
		rounds: intEnv('BENCH_ROUNDS', quick ? 1 : 3),
		independentPairs: quick ? 20 : 60,
	},
	// Launch times move by ±15 ms from one to the next on a shared VM: a median of eleven holds still.
	startup: {launches: quick ? 2 : 11},
	memory: {requests: intEnv('BENCH_MEMORY_REQUESTS', quick ? 20_000 : 1_000_000), baselineRequests: quick ? 1000 : 10_000, concurrency: 64},
	streaming: {tokens: 500, concurrency: 8, streams: quick ? 40 : 1000, baselineStreams: 8},
	// `spread`: streams for the row measured with --workers on every client core (none in a quick run).
	streamScale: {concurrency: quick ? [64, 1024] : [64, 256, 1024], spread: quick ? undefined : 4096, durationS: quick ? 5 : 15},
	soak: {minutes: intEnv('BENCH_SOAK_MINUTES', quick ? 2 : 30), concurrency: 64, sampleS: quick ? 5 : 10},
};

function usage() {
	return `usage: node bench/run.js [section ...]   (default: all)
sections: ${sections.map((s) => s.id).join(', ')} (soak only when named: it takes 30 minutes)
env: BENCH_QUICK=1 (small counts, 1 round), BENCH_ROUNDS=N (default 3), BENCH_MEMORY_REQUESTS=N (default 1000000),
     BENCH_NO_PIN=1 (do not use taskset), BENCH_NO_SNAPSHOT=1 (run dist/ in place, not a copy),
     BENCH_SOAK_MINUTES=N (default 30; 2 quick), BENCH_NO_INSTALL=1 (never apt-get install wrk or tmux)
writes bench/results/<date>[-quick][-<sections>].md and .json`;
}

const args = process.argv.slice(2);
if (args.includes('-h') || args.includes('--help')) {
	console.log(usage());
	process.exit(0);
}

/** @type {Array<Section | undefined>} */
const asked =
	args.length === 0
		? sections.filter((section) => !('onlyWhenAsked' in section))
		: args.map(
				(name) =>
					sections.find((s) => s.id === name) ??
					(name === 'client' || name === 'got' ? httpClient : name === 'ws' ? websocket : name === 'tui' ? consoleSection : undefined),
			);
if (asked.some((s) => s === undefined)) {
	process.stderr.write(`bench: unknown section ${args.filter((name) => !sections.some((s) => s.id === name)).join(', ')}\n${usage()}\n`);
	process.exit(2);
}

const wanted = asked.filter((s) => s !== undefined);

if (!existsSync(join(repoDir, 'dist', 'cli.js'))) {
	process.stderr.write('bench: dist/ is missing: run `npm run build` first (npm run bench does)\n');
	process.exit(2);
}

if (env.BENCH_NO_PIN === '1' || cpus().length < 2) disablePinning();

installExitHandlers();

/**
 * Every run uses a copy of dist/ taken now (in bench/.dist-<pid>/, removed on exit), so a rebuild by
 * someone else during the run cannot change the program half-way. It sits inside the repository so that
 * its imports still resolve to node_modules/. BENCH_NO_SNAPSHOT=1 runs bin/gatebench.js as is.
 */
function snapshotDist() {
	const folder = join(benchDir, `.dist-${process.pid}`);
	onCleanup(() => rmSync(folder, {recursive: true, force: true}));
	mkdirSync(folder, {recursive: true});
	cpSync(join(repoDir, 'dist'), join(folder, 'dist'), {recursive: true});
	cpSync(join(repoDir, 'package.json'), join(folder, 'package.json'));
	useGatebenchEntry(join(folder, 'dist', 'bundle', 'cli.js'));
}

if (env.BENCH_NO_SNAPSHOT !== '1') snapshotDist();

const stamp = () => new Date().toISOString().slice(11, 19);
/** @type {(prefix: string) => (line: string) => void} */
const logger = (prefix) => (line) => process.stderr.write(`[${stamp()}] ${prefix}: ${line}\n`);

/** @type {(argv: string[], fallback?: string, anyStatus?: boolean) => string} */
const read = (argv, fallback = 'unknown', anyStatus = false) => {
	const result = spawnSync(argv[0], argv.slice(1), {encoding: 'utf8', cwd: repoDir});
	const text = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim().split('\n')[0];
	return (result.status === 0 || anyStatus) && text ? text : fallback;
};

function environment() {
	/** @param {string} file @returns {string} */
	const pkg = (file) => {
		try {
			return JSON.parse(readFileSync(join(repoDir, file), 'utf8')).version;
		} catch {
			return 'unknown';
		}
	};

	const dirty = read(['git', 'status', '--porcelain'], '');
	return {
		gatebench: `${pkg('package.json')} (commit ${read(['git', 'rev-parse', '--short', 'HEAD'])}${dirty ? ', with uncommitted changes' : ''})`,
		node: process.version,
		cpu: `${cpus()[0]?.model ?? 'unknown'} × ${cpus().length}`,
		'load average at start': loadavg()
			.map((v) => v.toFixed(2))
			.join(' '),
		pinning: pinningEnabled() ? 'taskset: mock (and tmux) on core 1, clients on core 0' : 'none (taskset missing, one core, or BENCH_NO_PIN=1)',
		autocannon: pkg('node_modules/autocannon/package.json'),
		wrk: tools.wrk ? read([tools.wrk, '--version'], 'installed', true).replace(/\s+Copyright.*/, '') : 'missing',
		tmux: tools.tmux ? read([tools.tmux, '-V']) : 'missing',
		'CPU/RSS measured with': tools.time ? '/usr/bin/time' : '/proc polling',
		mode: quick ? 'BENCH_QUICK=1' : 'full',
		rounds: String(config.rounds),
		'gatebench run from': env.BENCH_NO_SNAPSHOT === '1' ? 'dist/ in place' : 'a copy of dist/ taken at start',
	};
}

async function main() {
	const t0 = performance.now();
	const startedAt = new Date();
	const log = logger('bench');
	// wrk and tmux: found, or installed as .ci/run installs tmux, or one line each on how to.
	for (const line of ensurePeers(log)) log(line);
	/** @type {import('./lib/report.js').Report} */
	const report = {date: startedAt.toISOString().slice(0, 10), startedAt: startedAt.toISOString(), quick, config, environment: environment(), sections: []};
	log(`${quick ? 'quick' : 'full'} run: ${wanted.map((s) => s.id).join(', ')}; ${config.rounds} round(s)`);

	// The plain ping mock, shared by the sections that need it (started on first use).
	/** @type {Promise<Awaited<ReturnType<typeof startMock>>> | undefined} */
	let pingMockPromise;
	// Warmed up once with autocannon (not recorded), so the first measured run does not meet a cold JIT.
	const pingMock = () =>
		(pingMockPromise ??= startMock([]).then(async (mock) => {
			log(`mock gateway (ping) at ${mock.url}, pid ${mock.pid}; warming it up`);
			await runAutocannon(`${mock.url}/v2/http`, {connections: 16, amount: quick ? 5000 : 50_000});
			return mock;
		}));

	for (const section of wanted) {
		const s0 = performance.now();
		const sectionLog = logger(section.id);
		const load = loadavg()[0].toFixed(2);
		sectionLog(`start (load average ${load})`);
		let result;
		try {
			result = await section.run({config, pingMock, log: sectionLog});
		} catch (error) {
			sectionLog(`FAILED: ${error instanceof Error ? error.message : String(error)}`);
			result = {error: error instanceof Error ? (error.stack ?? error.message) : String(error), tables: [], checks: [], notes: []};
		}

		report.sections.push({id: section.id, title: section.title, durationS: (performance.now() - s0) / 1000, loadAverageAtStart: Number(load), ...result});
		sectionLog(`done in ${Math.round((performance.now() - s0) / 1000)} s`);
	}

	if (pingMockPromise) await (await pingMockPromise.catch(() => undefined))?.close();
	report.durationS = (performance.now() - t0) / 1000;
	const client = median(otherLoadSamples.client);
	const server = median(otherLoadSamples.server);
	report.otherLoad = {clientCoreMedian: client, serverCoreMedian: server, samples: otherLoadSamples.client.length + otherLoadSamples.server.length};
	if ((client ?? 0) > 0.1 || (server ?? 0) > 0.1) {
		report.noise = `> **Busy machine.** Other work kept the client core ${Math.round((client ?? 0) * 100)}% busy and the server core ${Math.round((server ?? 0) * 100)}% busy (medians over all runs, from /proc/stat, not counting the measured processes). Absolute requests/s and latencies are low and noisy, and side-by-side ratios swing between rounds; the CPU-per-request figures (CPU-cost ratio, one-core capacity) are the steadier evidence. Rerun on a quiet machine for figures to quote.`;
	}

	report.environment['load average at end'] = loadavg()
		.map((v) => v.toFixed(2))
		.join(' ');
	const suffix = [quick ? 'quick' : '', args.length > 0 ? wanted.map((s) => s.id).join('-') : ''].filter(Boolean).join('-');
	const {md, json} = writeReport(report, suffix ? `${report.date}-${suffix}` : report.date);
	log(`wrote ${md} and ${json} (${Math.round(report.durationS)} s)`);
	const checks = report.sections.flatMap((s) => s.checks ?? []);
	for (const c of checks) log(`${c.met === true ? 'met   ' : c.met === false ? 'MISSED' : 'n/a   '} ${c.name}: ${c.measured} (goal ${c.target}; ${c.margin})`);
	for (const s of report.sections) if (s.error) log(`section ${s.id} failed: ${s.error.split('\n')[0]}`);
}

main()
	.catch((error) => {
		process.stderr.write(`bench: ${error instanceof Error ? error.stack : String(error)}\n`);
		process.exitCode = 1;
	})
	.finally(() => {
		cleanupAll();
	});
