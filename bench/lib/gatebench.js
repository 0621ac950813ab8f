// Runs gatebench as a client (pinned to the client core) and reads its JSON summary.
/** @typedef {import('../../source/output/json.js').JsonSummary} JsonSummary */
/** @typedef {JsonSummary['endpoints'][number]} JsonEndpoint */
/** @typedef {{summary: JsonSummary, endpoint: JsonEndpoint, proc: import('./procs.js').RunResult}} GatebenchRun */
import {cores, run} from './procs.js';
import {gatebenchBin, repoDir} from './paths.js';

/**
 * Headless run with `--json -`; returns {summary, endpoint, proc} (endpoint: the first, or the one named).
 * `core`: the cores it may use (default: the one client core).
 * @param {string[]} args @param {{endpointName?: string, timeoutMs?: number, env?: NodeJS.ProcessEnv, core?: string}} [options]
 * @returns {Promise<GatebenchRun>}
 */
export async function runGatebench(args, {endpointName, timeoutMs, env, core = cores.client} = {}) {
	const argv = [process.execPath, gatebenchBin, '--no-tui', ...args, '--json', '-'];
	const proc = await run(argv, {core, cwd: repoDir, timeoutMs, env});
	if (proc.code !== 0) {
		throw new Error(`gatebench exited ${proc.code ?? proc.signal}: ${lastLines(proc.stderr)}\n  command: ${argv.slice(1).join(' ')}`);
	}

	/** @type {JsonSummary} */
	let summary;
	try {
		summary = JSON.parse(proc.stdout);
	} catch {
		throw new Error(`gatebench printed no JSON on stdout: ${lastLines(proc.stdout || proc.stderr)}`);
	}

	const endpoints = summary.endpoints ?? [];
	const endpoint = endpointName ? endpoints.find((e) => e.name === endpointName) : endpoints[0];
	if (!endpoint) throw new Error(`gatebench JSON has no endpoint ${endpointName ?? ''} (has: ${endpoints.map((e) => e.name).join(', ')})`);
	if (endpoint.failed > 0) {
		process.stderr.write(`  note: gatebench reported ${endpoint.failed} failed requests: ${JSON.stringify(endpoint.errors)}\n`);
	}

	return {summary, endpoint, proc};
}

/** @type {(text: string, count?: number) => string} */
export const lastLines = (text, count = 5) => text.trim().split('\n').slice(-count).join('\n');

/**
 * The numbers every section keeps from a gatebench run.
 * @param {Pick<GatebenchRun, 'endpoint' | 'proc'>} run
 */
export const gatebenchFigures = ({endpoint, proc}) => ({
	requests: endpoint.requests,
	failed: endpoint.failed,
	rps: endpoint.requestsPerSecond,
	elapsedMs: endpoint.elapsedMs,
	p50: endpoint.latencyMs?.p50,
	p99: endpoint.latencyMs?.p99,
	cpuMs: proc.cpuMs,
	maxRssKb: proc.maxRssKb,
	cpuUsPerRequest: proc.cpuMs === undefined || !endpoint.requests ? undefined : (proc.cpuMs * 1000) / endpoint.requests,
	otherLoad: proc.otherLoad,
	// gatebench's own measure of how busy its measuring event loop was (the self-check).
	clientBusy: endpoint.selfCheck?.eventLoopUtilization ?? undefined,
	clientBound: endpoint.selfCheck?.clientBound,
});
