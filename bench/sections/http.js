// 1. Headless gatebench vs autocannon on /v2/http at several concurrencies.
import {runAutocannon} from '../lib/autocannon.js';
import {gatebenchFigures, runGatebench} from '../lib/gatebench.js';
import {withServerCpu} from '../lib/mock.js';
import {check, paceSetter} from '../lib/report.js';
import {fmt, interleave, max, medianOf, min, otherLoadCell, pct, ratio} from '../lib/stats.js';

export const id = 'http';
export const title = 'HTTP ping: headless gatebench vs autocannon';

/**
 * Runs fn against the mock and adds how busy the server core was during the measured window.
 * @template {import('../lib/stats.js').Figures} T
 * @param {import('../run.js').Mock} mock @param {() => Promise<T>} fn
 */
export async function measured(mock, fn) {
	const {value, serverCpuMs, serverOtherLoad} = await withServerCpu(mock, fn);
	const elapsedMs = typeof value.elapsedMs === 'number' ? value.elapsedMs : undefined;
	// A multi-process mock: how busy its cores were on average.
	const processes = mock.processes;
	return {
		...value,
		serverBusy: serverCpuMs === undefined || !elapsedMs ? undefined : serverCpuMs / elapsedMs / processes,
		serverOtherLoad,
		serverProcesses: processes,
	};
}

/** Requests of each tool's short run: its CPU is the fixed cost (Node, imports, warm-up, exit) the marginal figure leaves out. */
const shortRequests = 200;

/**
 * A tool's full run, then the same tool sending only `shortRequests`: CPU per request with the fixed
 * cost left out (`marginalUsPerRequest`), what the next request costs, as the streaming section measures events.
 * @template {import('../lib/stats.js').Figures & {cpuMs?: number}} T
 * @param {(requests: number) => Promise<T>} runTool @param {number} requests
 */
async function withMarginal(runTool, requests) {
	const full = await runTool(requests);
	const short = await runTool(shortRequests);
	const marginal = full.cpuMs === undefined || short.cpuMs === undefined ? undefined : ((full.cpuMs - short.cpuMs) * 1000) / (requests - shortRequests);
	return {...full, fixedCpuMs: short.cpuMs, marginalUsPerRequest: marginal};
}

/** @param {import('../run.js').SectionContext} context */
export async function run({config, pingMock, log}) {
	const mock = await pingMock();
	const url = `${mock.url}/v2/http`;
	const rows = [];
	/** @type {Record<number, unknown>} */
	const data = {};
	const checks = [];
	for (const c of config.http.concurrency) {
		const n = config.http.requests[c];
		log(`c=${c}, ${n} requests each`);
		const runs = await interleave(
			config.rounds,
			[
				{
					name: 'gatebench',
					run: () =>
						withMarginal(
							(requests) =>
								measured(mock, async () =>
									gatebenchFigures(
										await runGatebench(['--pipeline', 'http', '--gateway', mock.url, '--sgd', 'bench', '-n', String(requests), '-c', String(c)]),
									),
								),
							n,
						),
				},
				{name: 'autocannon', run: () => withMarginal((requests) => measured(mock, () => runAutocannon(url, {connections: c, amount: requests})), n)},
			],
			log,
		);
		const roundRatios = runs.gatebench.map((g, i) => ratio(g.rps, runs.autocannon[i].rps));
		const r = ratio(medianOf(runs.gatebench, 'rps'), medianOf(runs.autocannon, 'rps'));
		const cpuRatio = ratio(medianOf(runs.autocannon, 'cpuUsPerRequest'), medianOf(runs.gatebench, 'cpuUsPerRequest'));
		data[c] = {requests: n, ratio: r, roundRatios, cpuRatio, runs};
		rows.push([
			c,
			fmt(n, 0),
			fmt(medianOf(runs.gatebench, 'rps'), 0),
			fmt(medianOf(runs.autocannon, 'rps'), 0),
			`${fmt(r, 3)}×`,
			roundRatios.length > 1 ? `${fmt(min(roundRatios), 2)}–${fmt(max(roundRatios), 2)}` : '—',
			`${fmt(medianOf(runs.gatebench, 'p50'), 3)} / ${fmt(medianOf(runs.gatebench, 'p99'), 3)}`,
			`${fmt(medianOf(runs.autocannon, 'p50'), 0)} / ${fmt(medianOf(runs.autocannon, 'p99'), 0)}`,
			`${fmt(medianOf(runs.gatebench, 'cpuUsPerRequest'), 1)} / ${fmt(medianOf(runs.autocannon, 'cpuUsPerRequest'), 1)}`,
			`${fmt(ratio(medianOf(runs.autocannon, 'cpuUsPerRequest'), medianOf(runs.gatebench, 'cpuUsPerRequest')), 3)}×`,
			`${fmt(medianOf(runs.gatebench, 'marginalUsPerRequest'), 1)} / ${fmt(medianOf(runs.autocannon, 'marginalUsPerRequest'), 1)}`,
			`${fmt(medianOf(runs.gatebench, 'fixedCpuMs'), 0)} / ${fmt(medianOf(runs.autocannon, 'fixedCpuMs'), 0)}`,
			`${pct(medianOf(runs.gatebench, 'serverBusy'))} / ${pct(medianOf(runs.autocannon, 'serverBusy'))}`,
			otherLoadCell(runs.gatebench, runs.autocannon),
		]);
		// Issue 30, item 1: below autocannon's client CPU per request at every concurrency, with all gatebench measures:
		// per request, the fixed cost of a process (judged in the start-up section) left out, and whole-process as well.
		const perRequest = `per request gatebench times it on a monotonic clock, records it into HDR histograms, guards its deadline, keeps its self-check and (when asked) its request CSV row, which autocannon does not; both write one buffer a request and parse replies with http-parser-js`;
		for (const [what, figure, note] of /** @type {const} */ ([
			['marginal: the fixed cost of a process left out', 'marginalUsPerRequest', ''],
			[
				'whole process',
				'cpuUsPerRequest',
				`. Start-up is in it: ${fmt(medianOf(runs.gatebench, 'fixedCpuMs'), 0)} ms of CPU for gatebench's ${shortRequests}-request run (Node, imports, its client's warm-up), ${fmt(medianOf(runs.autocannon, 'fixedCpuMs'), 0)} ms for autocannon's; it weighs most at c=1, whose run is shortest`,
			],
		])) {
			const [gbCpu, acCpu] = [medianOf(runs.gatebench, figure), medianOf(runs.autocannon, figure)];
			const costRatio = ratio(acCpu, gbCpu);
			checks.push(
				check(
					`client CPU per request below autocannon's at c=${c}, ${what} (issue 30, item 1)`,
					`${fmt(gbCpu, 1)} µs`,
					`< ${fmt(acCpu, 1)} µs`,
					gbCpu === undefined || acCpu === undefined ? null : gbCpu < acCpu,
					costRatio === undefined
						? '—'
						: `CPU-cost ratio ${fmt(costRatio, 3)}× (${costRatio >= 1 ? 'below' : `${fmt((1 / costRatio - 1) * 100, 0)} % above`} autocannon's)`,
					perRequest + note,
				),
			);
		}
		if (c === 64) {
			/** @param {string} name */
			const pace = (name) =>
				paceSetter({
					clientBusy: medianOf(runs[name], 'clientBusy'),
					serverBusy: medianOf(runs[name], 'serverBusy'),
					otherLoad: medianOf(runs[name], 'otherLoad'),
				});
			const limit = `gatebench runs: ${pace('gatebench')}; autocannon runs: ${pace('autocannon')}. Per request gatebench spends ${fmt(medianOf(runs.gatebench, 'cpuUsPerRequest'), 1)} µs of CPU to autocannon's ${fmt(medianOf(runs.autocannon, 'cpuUsPerRequest'), 1)} (start-up included): the socket write and reply parsing both pay, and gatebench also times, records into HDR histograms, guards a deadline and runs its self-check`;
			checks.push(
				check(
					'headless ≥ 0.9× autocannon requests/s at c=64',
					`${fmt(r, 3)}×`,
					'≥ 0.90×',
					r === undefined ? null : r >= 0.9,
					r === undefined
						? '—'
						: `${r >= 0.9 ? '+' : ''}${fmt((r - 0.9) * 100, 1)} points (${fmt(medianOf(runs.gatebench, 'rps'), 0)} vs ${fmt(0.9 * (medianOf(runs.autocannon, 'rps') ?? Number.NaN), 0)} req/s needed); CPU-cost ratio ${fmt(cpuRatio, 3)}×`,
					limit,
				),
			);
		}
	}

	return {
		about: `POST ping → pong on the mock's \`/v2/http\`; each tool sends the same number of requests (gatebench \`-n\`, autocannon \`-a\`) over c keep-alive connections, from a cold process (no warm-up for either). ${config.rounds} interleaved round(s), medians shown. Ratio = gatebench req/s ÷ autocannon req/s (ratio of medians; the range is the per-round ratios).`,
		tables: [
			{
				columns: [
					'c',
					'requests',
					'gatebench req/s',
					'autocannon req/s',
					'ratio',
					'per-round ratios',
					'gatebench p50 / p99 (ms)',
					'autocannon p50 / p99 (ms, whole ms)',
					'client CPU µs/request (gb / ac)',
					'CPU-cost ratio (ac ÷ gb)',
					'marginal client CPU µs/request (gb / ac)',
					`CPU ms of a ${shortRequests}-request run (gb / ac)`,
					'server core busy (gb / ac)',
					'other load (client / server core)',
				],
				rows,
			},
		],
		checks,
		notes: [
			"autocannon reports latency in whole milliseconds, so its p50/p99 are coarse; compare gatebench's latency against wrk in the accuracy section.",
			'"server core busy" is the mock\'s CPU time ÷ the client\'s measured elapsed time: near 100% means the single-core mock, not the client, set the pace, so the ratio understates a faster client.',
			'"other load" is how busy each pinned core was with work that was not the measured process (other jobs on a shared machine), from /proc/stat, as client core / server core: well above a few % means that row is disturbed; rerun the section on a quiet machine.',
			'"CPU-cost ratio" = autocannon\'s CPU per request ÷ gatebench\'s. When both clients are CPU-bound on their core (server core not saturated) it is what the requests/s ratio would be on an idle machine, and it hardly moves with other load, so it is the steadier figure on a busy machine.',
			'Client CPU includes process start-up (~0.3–0.5 s of CPU for Node + imports), which weighs more on short runs.',
			`"marginal" leaves the fixed cost of a process out: after each tool's full run the same tool sends ${shortRequests} requests, and (CPU of the full run − CPU of the short one) ÷ (requests − ${shortRequests}) is what each further request costs it, as the streaming section measures events.`,
		],
		data,
	};
}
