// The built-in mock gateway in its own process (`gatebench mock`), pinned to the server core.
import {performance} from 'node:perf_hooks';
import {coreBusyMs, cores, otherLoadSamples, pinned, pinningEnabled, start, stop, treeCpuMs, waitForLine} from './procs.js';
import {gatebenchBin, repoDir} from './paths.js';
import {freePort} from './ports.js';

/**
 * Starts `node bin/gatebench.js mock --port P ...flags` and waits for its "listening on" line.
 * Returns {url, port, pid, processes, cpuMs(), close()}. `processes` above 1: a multi-process mock
 * (`--processes`) on `core` (a taskset list); its CPU is all of its processes'.
 * @param {string[]} [flags] @param {{core?: string, processes?: number}} [placement]
 */
export async function startMock(flags = [], {core = cores.server, processes = 1} = {}) {
	/** @type {unknown} */
	let lastError;
	for (let attempt = 0; attempt < 3; attempt++) {
		const port = await freePort();
		const spread = processes > 1 ? ['--processes', String(processes)] : [];
		const child = start(pinned(core, [process.execPath, gatebenchBin, 'mock', '--port', String(port), ...spread, ...flags]), {cwd: repoDir});
		try {
			const match = await waitForLine(child, /listening on (http:\/\/\S+)/);
			child.stdout.resume();
			child.stderr.resume();
			return {
				url: match[1],
				port,
				pid: child.pid,
				flags,
				processes,
				/** CPU ms the mock's processes have used so far (for "how busy was the server core"). */
				cpuMs: () => treeCpuMs(child.pid),
				close: () => stop(child),
			};
		} catch (error) {
			lastError = error;
			await stop(child);
		}
	}

	throw new Error(`mock gateway did not start: ${lastError instanceof Error ? lastError.message : String(lastError)}`);
}

/**
 * Runs fn and returns {value, serverCpuMs, serverOtherLoad}: the CPU the mock used meanwhile (divide by the
 * measured elapsed), and how busy the server core was with other work (other jobs, tmux) over the window.
 * @template T
 * @param {{cpuMs: () => number | undefined}} mock @param {() => Promise<T>} fn
 * @returns {Promise<{value: T, serverCpuMs: number | undefined, serverOtherLoad: number | undefined}>}
 */
export async function withServerCpu(mock, fn) {
	const busy0 = coreBusyMs();
	const t0 = performance.now();
	const cpu0 = mock.cpuMs();
	const value = await fn();
	const cpu1 = mock.cpuMs();
	const wall = performance.now() - t0;
	const busy1 = coreBusyMs();
	const serverCpuMs = cpu0 === undefined || cpu1 === undefined ? undefined : cpu1 - cpu0;
	const serverOtherLoad =
		pinningEnabled() && busy0 && busy1 && serverCpuMs !== undefined && wall > 0
			? Math.max(0, (busy1[cores.server] - busy0[cores.server] - serverCpuMs) / wall)
			: undefined;
	if (serverOtherLoad !== undefined && wall > 1000) otherLoadSamples.server.push(serverOtherLoad);
	return {value, serverCpuMs, serverOtherLoad};
}
