// autocannon 8's CLI as the reference client.
import {createRequire} from 'node:module';
import {dirname, join} from 'node:path';
import {cores, run} from './procs.js';
import {repoDir} from './paths.js';
import {lastLines} from './gatebench.js';

const require = createRequire(join(repoDir, 'package.json'));
let cli;
const autocannonCli = () => (cli ??= join(dirname(require.resolve('autocannon/package.json')), 'autocannon.js'));

/**
 * `autocannon -m POST -b ping -c C -a N --json URL`. With an amount, autocannon only notices the end at its
 * next sample tick, so its `duration` is rounded up to the sample interval (1 s by default): `-L 10` makes
 * that 10 ms, and requests/s is computed as total / duration. Latencies are whole milliseconds.
 */
/** @param {string} url @param {{connections: number, amount: number, timeoutMs?: number}} options */
export async function runAutocannon(url, {connections, amount, timeoutMs}) {
	const argv = [process.execPath, autocannonCli(), '-m', 'POST', '-b', 'ping', '-c', String(connections), '-a', String(amount), '-L', '10', '--json', url];
	const proc = await run(argv, {core: cores.client, cwd: repoDir, timeoutMs});
	let result;
	try {
		result = JSON.parse(proc.stdout);
	} catch {
		throw new Error(`autocannon exited ${proc.code}: ${lastLines(proc.stderr || proc.stdout)}`);
	}

	const total = result.requests?.total ?? result['2xx'];
	const failed = (result.errors ?? 0) + (result.timeouts ?? 0) + (result.non2xx ?? 0) + (result.mismatches ?? 0);
	return {
		requests: total,
		failed,
		rps: total / result.duration,
		elapsedMs: result.duration * 1000,
		p50: result.latency?.p50,
		p99: result.latency?.p99,
		cpuMs: proc.cpuMs,
		maxRssKb: proc.maxRssKb,
		cpuUsPerRequest: proc.cpuMs === undefined || !total ? undefined : (proc.cpuMs * 1000) / total,
		otherLoad: proc.otherLoad,
		// CPU time ÷ elapsed (includes its ~0.2 s start-up, so an upper bound).
		clientBusy: proc.cpuMs === undefined || !result.duration ? undefined : proc.cpuMs / (result.duration * 1000),
	};
}
