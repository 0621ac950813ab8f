// The peers the bench compares with, found or installed before it starts: autocannon is a dev
// dependency; wrk (and tmux, for the console section) come from the system's packages, installed the
// way .ci/run installs tmux when the bench runs as root on Debian or Ubuntu.
import {spawnSync} from 'node:child_process';
import {existsSync} from 'node:fs';
import {refreshTools, tools} from './procs.js';

/** Debian package of each system tool the bench uses. */
const packages = {wrk: 'wrk', tmux: 'tmux'};

/**
 * Installs missing peers with apt-get when it can (root, apt-get present, BENCH_NO_INSTALL unset);
 * otherwise says in one line each how to. Returns the lines to show.
 * @param {(line: string) => void} log
 * @returns {string[]} what is still missing, one line each with the command that installs it
 */
export function ensurePeers(log) {
	const missing = /** @type {Array<keyof typeof packages>} */ (Object.keys(packages)).filter((name) => !tools[name]);
	if (missing.length === 0) return [];
	const canInstall = process.getuid?.() === 0 && existsSync('/usr/bin/apt-get') && process.env.BENCH_NO_INSTALL !== '1';
	if (canInstall) {
		const names = missing.map((name) => packages[name]);
		log(`installing ${names.join(', ')} (apt-get; BENCH_NO_INSTALL=1 skips this)`);
		const update = spawnSync('apt-get', ['update'], {stdio: 'ignore'});
		const install = update.status === 0 ? spawnSync('apt-get', ['install', '-y', ...names], {stdio: 'ignore'}) : update;
		if (install.status !== 0) log(`apt-get could not install ${names.join(', ')} (exit ${install.status})`);
		refreshTools();
	}

	return missing
		.filter((name) => !tools[name])
		.map((name) => `${name} is not installed: sudo apt-get install -y ${packages[name]} (Debian/Ubuntu), brew install ${packages[name]} (macOS)`);
}
