import {spawnSync} from 'node:child_process';
import {readdirSync} from 'node:fs';
import {join} from 'node:path';
import {afterAll, afterEach, expect} from 'vitest';
import {binPath} from './cli.js';
import {tempDirPerTest} from './temp.js';
import {readCsv} from './csv.js';

/**
 * The real console in a real terminal: gatebench in a detached tmux pane (80×24 unless a test
 * asks for another size), driven with send-keys and read with capture-pane. `npm test` builds
 * bin/ first. CI is unset for the process under test, or gatebench would (rightly) go headless.
 */
export const hasTmux = spawnSync('tmux', ['-V']).status === 0;

/** `escapes`: captured with the colours and attributes drawn (tmux's -e), not as plain text. */
export type Pane = {readonly name: string; readonly dir: string; readonly seen: string[]; readonly escapes?: boolean};

export type LaunchOptions = {
	readonly term?: string;
	readonly nodeArgs?: readonly string[];
	readonly env?: Readonly<Record<string, string>>;
	/** Columns and rows. @default [80, 24] */
	readonly size?: readonly [number, number];
};

/**
 * Call once at the top of a test file: a tmux server of the file's own (a developer's sessions are
 * never touched), panes killed after each test and their folders removed after that.
 */
export function tmuxPanes() {
	const socket = `gatebench-test-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
	const tmux = (...args: string[]) => spawnSync('tmux', ['-L', socket, ...args], {encoding: 'utf8'});
	const sessions: string[] = [];
	const tempDir = tempDirPerTest();
	// Registered after tempDirPerTest's hook, so it runs first (hooks unwind like a stack): the process goes before its folder.
	afterEach(() => {
		for (const name of sessions.splice(0)) tmux('kill-session', '-t', name);
	});
	afterAll(() => {
		if (hasTmux) tmux('kill-server');
	});

	/** `node` (given its own `nodeArgs` and `env`) runs gatebench with `args` in a new pane. */
	function launch(args: readonly string[], {term = 'xterm-256color', nodeArgs = [], env = {}, size = [80, 24]}: LaunchOptions = {}): Pane {
		const name = `gb-${process.pid}-${sessions.length}-${Date.now()}`;
		const dir = tempDir();
		const quoted = (list: readonly string[]) => list.map((arg) => `'${arg}'`).join(' ');
		const variables = Object.entries(env).map(([key, value]) => `${key}='${value}'`);
		// The shell stays after gatebench exits, so that its last output and status can be read.
		const command = `env -u CI TERM=${term} ${variables.join(' ')} '${process.execPath}' ${quoted(nodeArgs)} '${binPath}' ${quoted(args)}; echo "GATEBENCH_EXIT=$?"; sleep 600`;
		const started = tmux('new-session', '-d', '-x', String(size[0]), '-y', String(size[1]), '-s', name, '-c', dir, command);
		expect(started.status, started.stderr).toBe(0);
		sessions.push(name);
		return {name, dir, seen: []};
	}

	const capture = (pane: Pane, history = false) =>
		tmux('capture-pane', '-p', ...(pane.escapes ? ['-e'] : []), '-t', pane.name, ...(history ? ['-S', '-200'] : [])).stdout;

	/**
	 * Polls the pane (every frame seen is kept, as captured, for later assertions) until `pattern`
	 * shows in its text; returns the text (without colour codes, when captured with them).
	 */
	async function waitForPane(pane: Pane, pattern: RegExp, timeoutMs = 60_000, history = false): Promise<string> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const screen = capture(pane, history);
			if (pane.seen.at(-1) !== screen) pane.seen.push(screen);
			const text = plainText(screen);
			if (pattern.test(text)) return text;
			if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern} in:\n${screen}`);
			await new Promise((resolve) => setTimeout(resolve, 40));
		}
	}

	/** Sends one key, then waits for the screen to show its effect: keys sent too fast can reach a stale handler. */
	async function send(pane: Pane, key: string, then: RegExp) {
		tmux('send-keys', '-t', pane.name, key);
		await waitForPane(pane, then);
	}

	return {tmux, tempDir, launch, capture, waitForPane, send};
}

// eslint-disable-next-line no-control-regex -- escape sequences are what is removed
const sgr = /\u001B\[[\d;]*m/g;
/** A screen captured with -e, as text. */
export const plainText = (screen: string): string => screen.replace(sgr, '');

/** The two CSV files the console saves in its results folder, read. */
export function resultFiles(dir: string) {
	const folder = join(dir, 'gatebench-results');
	const files = readdirSync(folder).sort();
	expect(files).toHaveLength(2);
	expect(files[0]).toMatch(/^\d{8}T\d{6}Z-aggregate\.csv$/);
	expect(files[1]).toMatch(/^\d{8}T\d{6}Z-requests\.csv$/);
	return {aggregate: readCsv(join(folder, files[0] ?? '')), requests: readCsv(join(folder, files[1] ?? ''))};
}
