// Runs a command under a real pseudo-terminal: a private tmux server (its own socket, killed on exit).
import {spawnSync} from 'node:child_process';
import {existsSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {cores, onCleanup, pinned, scratchFile, sleep, tools} from './procs.js';

/** @type {string | undefined} */
let socket;
/** @type {string | undefined} */
let config;
let sessions = 0;
/** @type {string | undefined} */
let socketPath;

/** @param {string[]} args */
const tmux = (...args) => spawnSync(tools.tmux ?? 'tmux', ['-L', socket ?? '', '-f', config ?? '', ...args], {encoding: 'utf8'});

function ensureServer() {
	if (socket) return;
	if (!tools.tmux) throw new Error('tmux is not installed');
	socket = `gatebench-bench-${process.pid}`;
	config = scratchFile('tmux.conf');
	// remain-on-exit keeps a finished pane so its exit status and last screen can be read; no status
	// line, so the program gets the whole 120×40.
	writeFileSync(config, 'set -g remain-on-exit on\nset -g status off\nset -g history-limit 10000\n');
	const name = socket;
	onCleanup(() => {
		// kill-server leaves the socket file behind; remove it too (its path is known once the server ran).
		spawnSync(tools.tmux ?? 'tmux', ['-L', name, 'kill-server'], {stdio: 'ignore'});
		if (socketPath) rmSync(socketPath, {force: true});
	});
}

/** @param {string} arg */
const quote = (arg) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", "'\\''")}'`);

/**
 * Runs argv in a detached 120×40 tmux session (CI unset, so gatebench sees an interactive terminal) and
 * waits for it to exit. The tmux server runs on the server core (it is the "terminal", not the client); the
 * command is pinned to the client core. If doneFile appears but the program stays open (a console waiting for
 * a key), it is sent `q`, then Ctrl-C. Returns {exitStatus, screen, nudged, elapsedMs, terminalBytes}
 * (terminalBytes: all the program wrote to the terminal, through tmux pipe-pane).
 * @param {string[]} argv
 * @param {{cwd?: string, timeoutMs?: number, doneFile?: string, width?: number, height?: number}} [options]
 */
export async function runInTmux(argv, {cwd, timeoutMs = 600_000, doneFile, width = 120, height = 40} = {}) {
	ensureServer();
	const session = `run${++sessions}`;
	const command = ['env', '-u', 'CI', ...pinned(cores.client, argv)].map(quote).join(' ');
	// The first new-session starts the server, which inherits the client's CPU affinity.
	const argvNew = pinned(cores.server, [
		tools.tmux ?? 'tmux',
		'-L',
		socket ?? '',
		'-f',
		config ?? '',
		'new-session',
		'-d',
		'-s',
		session,
		'-x',
		String(width),
		'-y',
		String(height),
		'-c',
		cwd ?? process.cwd(),
		command,
	]);
	const started = spawnSync(argvNew[0], argvNew.slice(1), {encoding: 'utf8'});
	if (started.status !== 0) throw new Error(`tmux new-session failed: ${started.stderr}`);
	socketPath ??= tmux('display-message', '-p', '-t', session, '#{socket_path}').stdout.trim() || undefined;
	// Everything the program writes to the terminal, counted: what a slow SSH link has to carry.
	const outputFile = scratchFile(`${session}-output.bin`);
	tmux('pipe-pane', '-o', '-t', session, `cat > ${quote(outputFile)}`);
	const terminalBytes = () => (existsSync(outputFile) ? statSync(outputFile).size : undefined);
	const began = Date.now();
	let doneSeenAt;
	let nudged;
	try {
		for (;;) {
			await sleep(200);
			const panes = tmux('list-panes', '-t', session, '-F', '#{pane_dead} #{pane_dead_status}');
			if (panes.status !== 0) throw new Error(`tmux session vanished: ${panes.stderr.trim()}`);
			const [dead, status] = panes.stdout.trim().split(' ');
			// tmux can report a dead pane a moment before its exit status: ask again next time.
			if (dead === '1' && status) {
				const screen = tmux('capture-pane', '-p', '-t', session, '-S', '-200').stdout;
				return {exitStatus: Number(status), screen, nudged, elapsedMs: Date.now() - began, terminalBytes: terminalBytes()};
			}

			if (doneFile && existsSync(doneFile)) {
				doneSeenAt ??= Date.now();
				const waited = Date.now() - doneSeenAt;
				if (waited > 1500 && nudged === undefined) {
					nudged = 'q';
					tmux('send-keys', '-t', session, 'q');
				} else if (waited > 5000 && nudged === 'q') {
					nudged = 'q, C-c';
					tmux('send-keys', '-t', session, 'C-c');
				}
			}

			if (Date.now() - began > timeoutMs) {
				const screen = tmux('capture-pane', '-p', '-t', session).stdout;
				throw new Error(`console run did not finish within ${Math.round(timeoutMs / 1000)} s; last screen:\n${screen}`);
			}
		}
	} finally {
		tmux('kill-session', '-t', session);
		rmSync(outputFile, {force: true});
	}
}
