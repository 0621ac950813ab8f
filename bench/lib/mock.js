// The built-in mock gateway in its own process (`gatebench mock`), pinned to the server core.
import {performance} from 'node:perf_hooks';
import {coreBusyMs, cores, otherLoadSamples, pinned, pinningEnabled, procCpuMs, start, stop, waitForLine} from './procs.js';
import {gatebenchBin, repoDir} from './paths.js';
import {freePort} from './ports.js';

/**
 * Starts `node bin/gatebench.js mock --port P ...flags` and waits for its "listening on" line.
 * Returns {url, port, pid, cpuMs(), close()}.
 * @param {string[]} [flags]
 */
export async function startMock(flags = []) {
	/** @type {unknown} */
	let lastError;
	for (let attempt = 0; attempt < 3; attempt++) {
		const port = await freePort();
		const child = start(pinned(cores.server, [process.execPath, gatebenchBin, 'mock', '--port', String(port), ...flags]), {cwd: repoDir});
		try {
			const match = await waitForLine(child, /listening on (http:\/\/\S+)/);
			child.stdout.resume();
			child.stderr.resume();
			return {
				url: match[1],
				port,
				pid: child.pid,
				flags,
				/** CPU ms the mock process has used so far (for "how busy was the server core"). */
				cpuMs: () => procCpuMs(child.pid),
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
