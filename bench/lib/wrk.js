// wrk with a POST ping script; parses its latency distribution (microsecond resolution).
import {join} from 'node:path';
import {benchDir, repoDir} from './paths.js';
import {cores, run, tools} from './procs.js';

/** @type {Readonly<Record<string, number>>} */
const units = {us: 0.001, ms: 1, s: 1000, m: 60_000, h: 3_600_000};

/** "950.00us" / "20.12ms" / "1.00s" / "2.00m" → milliseconds. */
/** @param {string} text */
export function wrkDurationMs(text) {
	const match = /^([\d.]+)(us|ms|s|m|h)$/.exec(text.trim());
	if (!match) throw new Error(`not a wrk duration: ${text}`);
	return Number(match[1]) * units[match[2]];
}

/**
 * Parses wrk --latency output: {p50, p75, p90, p99} in ms, requests, rps.
 * @param {string} output
 */
export function parseWrk(output) {
	/** @type {Record<string, number>} */
	const percentiles = {};
	const section = output.split('Latency Distribution')[1] ?? '';
	for (const match of section.matchAll(/^\s*(\d+(?:\.\d+)?)%\s+(\S+)\s*$/gm)) {
		percentiles[`p${match[1].replace('.', '_')}`] = wrkDurationMs(match[2]);
	}

	const requests = /(\d+) requests in/.exec(output);
	const rps = /Requests\/sec:\s+([\d.]+)/.exec(output);
	const errors = /Non-2xx or 3xx responses: (\d+)/.exec(output);
	const socketErrors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(output);
	if (percentiles.p50 === undefined || !rps) throw new Error(`could not parse wrk output:\n${output}`);
	return {
		...percentiles,
		requests: requests ? Number(requests[1]) : undefined,
		rps: Number(rps[1]),
		failed: (errors ? Number(errors[1]) : 0) + (socketErrors ? socketErrors.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0),
	};
}

/** @param {string} url @param {{connections: number, durationS: number}} options */
export async function runWrk(url, {connections, durationS}) {
	if (!tools.wrk) throw new Error('wrk is not installed: sudo apt-get install -y wrk (Debian/Ubuntu), brew install wrk (macOS)');
	const argv = [tools.wrk, '-t1', '-c', String(connections), '-d', `${durationS}s`, '--latency', '-s', join(benchDir, 'lib', 'post-ping.lua'), url];
	const proc = await run(argv, {core: cores.client, cwd: repoDir, timeoutMs: (durationS + 30) * 1000});
	if (proc.code !== 0) throw new Error(`wrk exited ${proc.code}: ${proc.stderr || proc.stdout}`);
	return {...parseWrk(proc.stdout), cpuMs: proc.cpuMs, otherLoad: proc.otherLoad};
}
