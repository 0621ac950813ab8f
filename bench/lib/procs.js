// Child processes: spawning (pinned to a core when taskset exists), measuring (wall, CPU, peak RSS),
// and killing every one of them on exit, on errors and on Ctrl-C.
import {spawn, spawnSync} from 'node:child_process';
import {existsSync, mkdtempSync, readdirSync, readFileSync, rmSync} from 'node:fs';
import {availableParallelism, tmpdir} from 'node:os';
import {join} from 'node:path';
import {performance} from 'node:perf_hooks';

/** @typedef {import('node:child_process').ChildProcessWithoutNullStreams} Child */
/** @typedef {import('node:child_process').StdioOptions} StdioOptions */
/**
 * @typedef {object} RunOptions
 * @property {string} [core] pin the command to this core (when pinning is on)
 * @property {string} [cwd]
 * @property {NodeJS.ProcessEnv} [env]
 * @property {number} [timeoutMs] killed (and an error thrown) after this long (default 600000)
 * @property {boolean} [measure] CPU time and peak RSS of the command (default true)
 */
/**
 * @typedef {object} RunResult
 * @property {string[]} argv what was run, pinning and GNU time included
 * @property {number | null} code
 * @property {NodeJS.Signals | null} signal
 * @property {boolean} timedOut
 * @property {string} stdout
 * @property {string} stderr
 * @property {number} launchedAt epoch ms
 * @property {number} wallMs
 * @property {number | undefined} cpuMs
 * @property {number | undefined} userMs
 * @property {number | undefined} sysMs
 * @property {number | undefined} maxRssKb
 * @property {number} [otherLoad] share of the command's core that other work took meanwhile (pinned runs only)
 */

/** @param {string} name @returns {string | undefined} */
const which = (name) => {
	for (const folder of (process.env.PATH ?? '').split(':')) {
		if (folder && existsSync(join(folder, name))) return join(folder, name);
	}

	return undefined;
};

export const tools = {
	taskset: which('taskset'),
	// GNU time (or busybox time): -f and -o give CPU and peak RSS of the child without polling.
	time: existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined,
	wrk: which('wrk'),
	tmux: which('tmux'),
};

/** Looks for wrk and tmux again (after bench/lib/peers.js installed them). */
export function refreshTools() {
	tools.wrk = which('wrk');
	tools.tmux = which('tmux');
}

const coreCount = availableParallelism();
/** Cores from `first` to `last`, as taskset lists them. @type {(first: number, last: number) => string[]} */
const coreRange = (first, last) => Array.from({length: Math.max(0, last - first + 1)}, (_, index) => String(first + index));
/** Sections that spread out (streaming at scale), on 4 cores or more: cores 1…n/2 for a multi-process mock. */
const spreadServers = coreCount >= 4 ? coreRange(1, Math.floor(coreCount / 2)) : ['1'];
/** …and core 0 with the rest for a client on several threads (`--workers`). */
const spreadClients = ['0', ...coreRange(spreadServers.length + 1, coreCount - 1)];

/**
 * Pinning: mock (server) on core 1, clients on core 0; none when taskset is missing or there is one core.
 * `servers`/`clients`: the cores of a multi-process mock and of a client on several threads.
 */
export const cores = {
	server: '1',
	client: '0',
	servers: spreadServers.join(','),
	serverCount: spreadServers.length,
	clients: spreadClients.join(','),
	clientCount: spreadClients.length,
};
let pinning = Boolean(tools.taskset);
export const pinningEnabled = () => pinning;
export function disablePinning() {
	pinning = false;
}

/** @type {(core: string | undefined, argv: string[]) => string[]} */
export const pinned = (core, argv) => (pinning && core !== undefined && tools.taskset ? [tools.taskset, '-c', core, ...argv] : argv);

const clockTicks = (() => {
	const result = spawnSync('getconf', ['CLK_TCK'], {encoding: 'utf8'});
	const value = Number.parseInt(result.stdout ?? '', 10);
	return Number.isFinite(value) && value > 0 ? value : 100;
})();

/** CPU time (user + system, ms) a process has used so far, from /proc; undefined when unreadable. */
/** @param {number | string | undefined} pid @returns {number | undefined} */
export function procCpuMs(pid) {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		// Fields after the ")" of the command name: state is field 3, utime 14, stime 15.
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		return ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicks;
	} catch {
		return undefined;
	}
}

/** CPU ms a process and its children (a multi-process mock's) have used so far. @param {number | undefined} pid */
export function treeCpuMs(pid) {
	const own = procCpuMs(pid);
	if (own === undefined) return undefined;
	/** @type {number[]} */
	let children = [];
	try {
		children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
	} catch {
		// No children file (an older kernel): the process alone.
	}

	return children.reduce((sum, child) => sum + (procCpuMs(child) ?? 0), own);
}

/** Busy time (ms) of each CPU so far, from /proc/stat (user+nice+system+irq+softirq+steal). */
/** @returns {Record<string, number> | undefined} */
export function coreBusyMs() {
	try {
		/** @type {Record<string, number>} */
		const result = {};
		for (const line of readFileSync('/proc/stat', 'utf8').split('\n')) {
			const match = /^cpu(\d+) (.*)$/.exec(line);
			if (!match) continue;
			const [user, nice, system, , , irq, softirq, steal] = match[2].trim().split(/\s+/).map(Number);
			result[match[1]] = ((user + nice + system + irq + softirq + (steal || 0)) * 1000) / clockTicks;
		}

		return result;
	} catch {
		return undefined;
	}
}

/** @param {number | undefined} pid @returns {number | undefined} */
function procHwmKb(pid) {
	try {
		const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
		return match ? Number(match[1]) : undefined;
	} catch {
		return undefined;
	}
}

/** Every "other load" figure measured in this run, per core role: the report's noise warning uses them. */
/** @type {{client: number[], server: number[]}} */
export const otherLoadSamples = {client: [], server: []};

// ---- cleanup registry ------------------------------------------------------------------------

/** @type {Set<import('node:child_process').ChildProcess>} each the leader of its own process group (detached) */
const live = new Set();
/** @type {Set<() => void>} synchronous functions: tmux servers, temp folders */
const cleanups = new Set();

/** @param {() => void} fn @returns {() => void} */
export function onCleanup(fn) {
	cleanups.add(fn);
	return () => cleanups.delete(fn);
}

/** @param {import('node:child_process').ChildProcess} child @param {NodeJS.Signals} [signal] */
function killGroup(child, signal = 'SIGTERM') {
	if (child.exitCode !== null || child.signalCode !== null) return;
	try {
		process.kill(-(child.pid ?? 0), signal);
	} catch {
		try {
			child.kill(signal);
		} catch {
			// already gone
		}
	}
}

let cleanedUp = false;
export function cleanupAll() {
	if (cleanedUp) return;
	cleanedUp = true;
	for (const child of live) killGroup(child, 'SIGKILL');
	live.clear();
	for (const fn of [...cleanups].reverse()) {
		try {
			fn();
		} catch {
			// one failed clean-up must not stop the others
		}
	}

	cleanups.clear();
}

export function installExitHandlers() {
	process.on('exit', cleanupAll);
	for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM', 'SIGHUP'])) {
		process.on(signal, () => {
			process.stderr.write(`\nbench: ${signal}, stopping child processes\n`);
			cleanupAll();
			process.exit(signal === 'SIGINT' ? 130 : 143);
		});
	}
}

/** @type {string | undefined} */
let scratch;
/** One temporary folder per harness run, removed on exit. */
export function scratchDir() {
	if (!scratch) {
		scratch = mkdtempSync(join(tmpdir(), 'gatebench-bench-'));
		const folder = scratch;
		onCleanup(() => rmSync(folder, {recursive: true, force: true}));
	}

	return scratch;
}

let fileCounter = 0;
/** @type {(name: string) => string} */
export const scratchFile = (name) => join(scratchDir(), `${++fileCounter}-${name}`);

// ---- spawning --------------------------------------------------------------------------------

/**
 * Spawns argv in its own process group, tracked for cleanup.
 * @param {string[]} argv
 * @param {{cwd?: string, env?: NodeJS.ProcessEnv, stdio?: StdioOptions}} [options]
 * @returns {Child} stdout and stderr are pipes unless `stdio` says otherwise
 */
export function start(argv, {cwd, env, stdio = ['ignore', 'pipe', 'pipe']} = {}) {
	const child = /** @type {Child} */ (spawn(argv[0] ?? '', argv.slice(1), {cwd, env: env ?? process.env, stdio, detached: true}));
	live.add(child);
	child.once('exit', () => live.delete(child));
	child.once('error', () => live.delete(child));
	return child;
}

/**
 * Stops a child (and its process group): `signal`, then SIGKILL after `graceMs`.
 * @param {import('node:child_process').ChildProcess} child @param {NodeJS.Signals} [signal] @param {number} [graceMs]
 * @returns {Promise<void>}
 */
export function stop(child, signal = 'SIGTERM', graceMs = 3000) {
	return new Promise((resolve) => {
		if (child.exitCode !== null || child.signalCode !== null) {
			resolve();
			return;
		}

		const timer = setTimeout(() => killGroup(child, 'SIGKILL'), graceMs);
		child.once('exit', () => {
			clearTimeout(timer);
			resolve();
		});
		killGroup(child, signal);
	});
}

/**
 * Runs argv to completion on a core; returns stdout, stderr, exit code, wall time and, when it can,
 * the CPU time (user, sys) and peak RSS of the command (GNU time's -f/-o, else /proc polling).
 * @param {string[]} argv @param {RunOptions} [options] @returns {Promise<RunResult>}
 */
export async function run(argv, {core, cwd, env, timeoutMs = 600_000, measure = true} = {}) {
	let full = argv;
	/** @type {string | undefined} */
	let timeFile;
	if (measure && tools.time) {
		timeFile = scratchFile('time.txt');
		full = [tools.time, '-f', 'GBTIME %e %U %S %M', '-o', timeFile, ...argv];
	}

	full = pinned(core, full);
	const busyBefore = coreBusyMs();
	const launchedAt = performance.timeOrigin + performance.now();
	const child = start(full, {cwd, env});
	/** @type {Buffer[]} */
	const out = [];
	/** @type {Buffer[]} */
	const err = [];
	child.stdout.on('data', (chunk) => out.push(chunk));
	child.stderr.on('data', (chunk) => err.push(chunk));
	// Fallback measurement: poll the process itself (taskset execs, so the pid is the command's).
	/** @type {{cpuMs: number, hwmKb: number} | undefined} */
	let polled;
	/** @type {NodeJS.Timeout | undefined} */
	let poller;
	if (measure && !tools.time) {
		polled = {cpuMs: 0, hwmKb: 0};
		const figures = polled;
		poller = setInterval(() => {
			figures.cpuMs = procCpuMs(child.pid) ?? figures.cpuMs;
			figures.hwmKb = Math.max(figures.hwmKb, procHwmKb(child.pid) ?? 0);
		}, 20);
	}

	let timedOut = false;
	const timer = setTimeout(() => {
		timedOut = true;
		killGroup(child, 'SIGKILL');
	}, timeoutMs);
	/** @type {[number | null, NodeJS.Signals | null]} */
	const [code, signal] = await new Promise((resolve, reject) => {
		child.once('error', reject);
		child.once('close', (c, s) => resolve([c, s]));
	});
	clearTimeout(timer);
	if (poller) clearInterval(poller);
	const wallMs = performance.timeOrigin + performance.now() - launchedAt;
	const busyAfter = coreBusyMs();
	/** @type {RunResult} */
	const result = {
		argv: full,
		code,
		signal,
		timedOut,
		stdout: Buffer.concat(out).toString('utf8'),
		stderr: Buffer.concat(err).toString('utf8'),
		launchedAt,
		wallMs,
		cpuMs: undefined,
		userMs: undefined,
		sysMs: undefined,
		maxRssKb: undefined,
	};
	if (timeFile) {
		try {
			const text = readFileSync(timeFile, 'utf8');
			const match = /GBTIME (\S+) (\S+) (\S+) (\d+)/.exec(text);
			if (match) {
				result.userMs = Number(match[2]) * 1000;
				result.sysMs = Number(match[3]) * 1000;
				result.cpuMs = result.userMs + result.sysMs;
				result.maxRssKb = Number(match[4]);
			}
		} catch {
			// no time file: the command never started, and its exit code says so
		}
	} else if (polled) {
		result.cpuMs = polled.cpuMs;
		result.maxRssKb = polled.hwmKb || undefined;
	}

	// How busy the command's core was with *other* work meanwhile (other jobs on a shared machine):
	// that core's busy time minus the command's own CPU time, over the wall time. Only when pinned.
	if (pinning && core !== undefined && busyBefore && busyAfter && result.cpuMs !== undefined && wallMs > 0) {
		const busy = busyAfter[core] - busyBefore[core];
		const otherLoad = Math.max(0, ((busy ?? 0) - result.cpuMs) / wallMs);
		result.otherLoad = otherLoad;
		if (wallMs > 1000) otherLoadSamples.client.push(otherLoad);
	}

	if (timedOut) throw new Error(`timed out after ${Math.round(timeoutMs / 1000)} s: ${argv.join(' ')}`);
	return result;
}

/**
 * Waits until a line of the child's stdout matches; resolves with the match.
 * @param {Child} child @param {RegExp} pattern @param {number} [timeoutMs] @returns {Promise<RegExpExecArray>}
 */
export function waitForLine(child, pattern, timeoutMs = 15_000) {
	return new Promise((resolve, reject) => {
		let buffer = '';
		let stderr = '';
		/** @param {Buffer} chunk */
		const onData = (chunk) => {
			buffer += chunk.toString('utf8');
			const match = pattern.exec(buffer);
			if (match) {
				done();
				resolve(match);
			}
		};

		/** @param {Buffer} chunk */
		const onErr = (chunk) => {
			stderr += chunk.toString('utf8');
		};

		/** @param {number | null} code */
		const onExit = (code) => {
			done();
			reject(new Error(`exited with ${code} before printing ${pattern}: ${stderr.trim() || buffer.trim()}`));
		};

		const timer = setTimeout(() => {
			done();
			reject(new Error(`no ${pattern} within ${timeoutMs} ms`));
		}, timeoutMs);
		const done = () => {
			clearTimeout(timer);
			child.stdout.off('data', onData);
			child.stderr.off('data', onErr);
			child.off('exit', onExit);
		};

		child.stdout.on('data', onData);
		child.stderr.on('data', onErr);
		child.once('exit', onExit);
	});
}

/** @type {(ms: number) => Promise<void>} */
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** CPU ticks (user + system) of every thread of a process, by thread id; undefined once it is gone. */
/** @param {string} pid @returns {Map<string, number> | undefined} */
function threadTicks(pid) {
	try {
		/** @type {Map<string, number>} */
		const ticks = new Map();
		for (const tid of readdirSync(`/proc/${pid}/task`)) {
			const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
			const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			ticks.set(tid, Number(fields[11]) + Number(fields[12]));
		}

		return ticks;
	} catch {
		return undefined;
	}
}

/**
 * Where a running process spends its CPU, thread by thread: finds the `node` process whose
 * command line contains `match`, waits until `ready()` (e.g. its first results are on disk)
 * and `afterMs` more, then measures each thread over `windowMs`.
 * Returns shares of one core for the main thread, the busiest other thread (a worker thread,
 * when there is one) and the rest (V8's background GC and compiler threads, libuv); undefined
 * when the process could not be found or ended too soon. Linux only (/proc).
 * @param {string} match
 * @param {{ready?: () => boolean, afterMs?: number, windowMs?: number, timeoutMs?: number}} [options]
 * @returns {Promise<{main: number, busiestOther: number, rest: number} | undefined>}
 */
export async function threadShares(match, {ready = () => true, afterMs = 200, windowMs = 1000, timeoutMs = 20_000} = {}) {
	const tick = 1000 / clockTicks;
	/** @type {string | undefined} */
	let pid;
	for (const began = Date.now(); !pid && Date.now() - began < timeoutMs; await sleep(50)) {
		for (const entry of readdirSync('/proc')) {
			if (!/^\d+$/.test(entry)) continue;
			try {
				if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() !== 'node') continue;
				if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(match)) pid = entry;
			} catch {
				// the process ended while it was read
			}
		}
	}

	if (!pid) return undefined;
	for (const began = Date.now(); !ready() && Date.now() - began < timeoutMs;) await sleep(20);
	await sleep(afterMs);
	const before = threadTicks(pid);
	const startedAt = performance.now();
	await sleep(windowMs);
	const after = threadTicks(pid);
	const wall = performance.now() - startedAt;
	if (!before || !after) return undefined;
	const used = [...after].map(([tid, ticks]) => ({tid, ms: (ticks - (before.get(tid) ?? ticks)) * tick}));
	const main = used.find((thread) => thread.tid === pid)?.ms ?? 0;
	const others = used.filter((thread) => thread.tid !== pid).sort((a, b) => b.ms - a.ms);
	const busiest = others[0]?.ms ?? 0;
	const rest = others.slice(1).reduce((total, thread) => total + thread.ms, 0);
	return {main: main / wall, busiestOther: busiest / wall, rest: rest / wall};
}
