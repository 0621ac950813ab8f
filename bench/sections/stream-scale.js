// 9. Streaming at scale: many concurrent streams with set timings on one client core — how far
// TTFT and inter-token latency drift from the server's set values as streams grow, and why.
import {gatebenchFigures, runGatebench} from '../lib/gatebench.js';
import {startMock} from '../lib/mock.js';
import {cores} from '../lib/procs.js';
import {check, paceSetter} from '../lib/report.js';
import {fmt, pct} from '../lib/stats.js';
import {measured} from './http.js';

export const id = 'stream-scale';
export const title = 'Streaming at scale: thousands of streams on one core, and on several';

const ttftMs = 200;
const gapMs = 20;
const tokens = 50;

/** @typedef {{count: number, p50Ms: number, p99Ms: number, maxMs: number}} Lateness */

/**
 * The mock's record of how late it wrote its own tokens (`GET /mock/timing`); `reset` starts it afresh.
 * @param {string} url @param {boolean} reset
 * @returns {Promise<{firstToken: Lateness, laterTokens: Lateness} | undefined>}
 */
async function mockTiming(url, reset) {
	try {
		const response = await fetch(`${url}/mock/timing${reset ? '?reset=1' : ''}`);
		return response.ok ? /** @type {{firstToken: Lateness, laterTokens: Lateness}} */ (await response.json()) : undefined;
	} catch {
		return undefined;
	}
}

/** @param {import('../run.js').SectionContext} context */
export async function run({config, log}) {
	const {concurrency, spread, durationS} = config.streamScale;
	// One core for the rows that measure one thread; the spread row gets --workers on every client core (at least 2).
	const runs = [
		...concurrency.map((c) => ({c, workers: 1, core: cores.client})),
		...(spread ? [{c: spread, workers: Math.max(2, cores.clientCount), core: cores.clients}] : []),
	];
	// On 4 cores or more the mock serves from half of them (one process a core), so it can keep its timings.
	const mock = await startMock(
		['--ttft-ms', String(ttftMs), '--token-delay-ms', String(gapMs), '--jitter-ms', '0', '--min-tokens', String(tokens), '--max-output-tokens', String(tokens)],
		{core: cores.servers, processes: cores.serverCount},
	);
	try {
		const rows = [];
		/** @type {Record<number, unknown>} */
		const data = {};
		/** @type {import('../lib/report.js').Check[]} */
		const checks = [];
		for (const {c, workers, core} of runs) {
			log(`${c} streams on ${workers} measuring thread(s) for ${durationS} s (after ${c} warm-up requests)`);
			await mockTiming(mock.url, true);
			const result = await measured(mock, async () => {
				const args = [
					'--openai',
					`${mock.url}/v1`,
					'--stream',
					'-c',
					String(c),
					'--duration',
					`${durationS}s`,
					'--warmup',
					String(c),
					'--workers',
					String(workers),
				];
				const raw = await runGatebench(args, {core, timeoutMs: (durationS + 120) * 1000});
				const {endpoint} = raw;
				const events = endpoint.outputTokens?.total ?? 0;
				return {
					...gatebenchFigures(raw),
					events,
					ttftP50: endpoint.ttftMs?.p50,
					ttftP99: endpoint.ttftMs?.p99,
					itlP50: endpoint.interTokenMs?.p50,
					itlP99: endpoint.interTokenMs?.p99,
					loopDelayP99: endpoint.selfCheck?.eventLoopDelayMs?.p99,
				};
			});
			// How late the mock itself wrote its tokens over the run: its share of gatebench's error.
			const server = await mockTiming(mock.url, false);
			const cpuPer1000 = result.cpuMs === undefined || !result.events ? undefined : (result.cpuMs / result.events) * 1000;
			data[c] = {...result, workers, cores: core, cpuMsPer1000Events: cpuPer1000, mockLateness: server};
			/** @type {(value: number | undefined, set: number) => number | undefined} */
			const off = (value, set) => (value === undefined ? undefined : value - set);
			rows.push([
				workers === 1 ? fmt(c, 0) : `${fmt(c, 0)} (--workers ${workers}, cores ${core})`,
				fmt(result.events / (result.elapsedMs / 1000), 0),
				`${fmt(result.ttftP50, 1)} / ${fmt(result.ttftP99, 1)}`,
				`${fmt(off(result.ttftP50, ttftMs), 1)} / ${fmt(off(result.ttftP99, ttftMs), 1)}`,
				`${fmt(result.itlP50, 2)} / ${fmt(result.itlP99, 2)}`,
				`${fmt(off(result.itlP50, gapMs), 2)} / ${fmt(off(result.itlP99, gapMs), 2)}`,
				`${fmt(server?.firstToken.p50Ms, 1)} / ${fmt(server?.firstToken.p99Ms, 1)}`,
				`${fmt(server?.laterTokens.p50Ms, 1)} / ${fmt(server?.laterTokens.p99Ms, 1)}`,
				pct(result.clientBusy),
				fmt(result.loopDelayP99, 1),
				fmt(cpuPer1000, 1),
				pct(result.serverBusy),
			]);
			// Item 1's targets at 1,024 streams on one thread; item 2's: the same at 4,096 over the threads.
			if (workers === 1 && c !== 1024) continue;
			const serverShare = server
				? `; the mock wrote first tokens ${fmt(server.firstToken.p50Ms, 1)} ms late (p50) and later tokens ${fmt(server.laterTokens.p99Ms, 1)} ms late (p99) itself`
				: '';
			const threads = workers === 1 ? '' : `; ${workers} measuring threads on ${cores.clientCount} client core${cores.clientCount === 1 ? '' : 's'} (${core})`;
			const limit = `${paceSetter(result)}${serverShare}${threads}; ${fmt(cpuPer1000, 1)} ms of client CPU per 1,000 events (socket reads, HTTP chunk parsing, SSE framing on bytes, token events recognised from their bytes, timestamps, histograms)`;
			const label = workers === 1 ? `${fmt(c, 0)} streams` : `${fmt(c, 0)} streams, --workers ${workers}`;
			const ttftOff = off(result.ttftP50, ttftMs);
			const itlOff = off(result.itlP99, gapMs);
			checks.push(
				check(
					`${label}: TTFT p50 within 2 ms of the set 200 ms`,
					`${fmt(result.ttftP50, 2)} ms`,
					'|Δ| ≤ 2 ms',
					ttftOff === undefined ? null : Math.abs(ttftOff) <= 2,
					ttftOff === undefined ? '—' : `Δ ${fmt(ttftOff, 2)} ms`,
					limit,
				),
				check(
					`${label}: inter-token p99 within 5 ms of the set 20 ms`,
					`${fmt(result.itlP99, 2)} ms`,
					'Δ ≤ 5 ms',
					itlOff === undefined ? null : itlOff <= 5,
					itlOff === undefined ? '—' : `Δ ${fmt(itlOff, 2)} ms`,
					limit,
				),
				...(workers === 1
					? [
							check(
								`${label}: measuring loop under 35 % busy (issue 30, item 3)`,
								pct(result.clientBusy),
								'< 35%',
								result.clientBusy === undefined ? null : result.clientBusy < 0.35,
								result.clientBusy === undefined ? '—' : `${fmt((result.clientBusy - 0.35) * 100, 0)} points`,
								limit,
							),
							check(
								`${label}: measuring loop delay p99 under 5 ms (issue 30, item 3)`,
								`${fmt(result.loopDelayP99, 1)} ms`,
								'< 5 ms',
								result.loopDelayP99 === undefined ? null : result.loopDelayP99 < 5,
								result.loopDelayP99 === undefined ? '—' : `${fmt(Math.abs(result.loopDelayP99 - 5), 1)} ms ${result.loopDelayP99 < 5 ? 'to spare' : 'over'}`,
								limit,
							),
						]
					: []),
				check(
					`${label}: ${workers === 1 ? 'measuring loop' : 'every measuring thread'} under 70 % busy`,
					pct(result.clientBusy),
					'< 70%',
					result.clientBusy === undefined ? null : result.clientBusy < 0.7,
					result.clientBusy === undefined ? '—' : `${fmt((result.clientBusy - 0.7) * 100, 0)} points`,
					limit,
				),
			);
		}

		return {
			about: `Mock on its own ${cores.serverCount > 1 ? `${cores.serverCount} cores (\`--processes ${cores.serverCount}\`, cores ${cores.servers})` : 'core'}: \`--ttft-ms ${ttftMs} --token-delay-ms ${gapMs} --jitter-ms 0 --min-tokens ${tokens} --max-output-tokens ${tokens}\` (each stream ${tokens} tokens, one event each, ${gapMs} ms apart). gatebench on the client core: \`--openai MOCK/v1 --stream -c C --duration ${durationS}s --warmup C --workers 1\` (the last row: --workers W on the client cores). Errors are gatebench's figure minus the set value; loop busy and delay are gatebench's self-check; CPU per 1,000 events is the client process's user + system time ÷ content events. One run per load.`,
			tables: [
				{
					columns: [
						'streams',
						'events/s',
						'TTFT p50 / p99 (ms)',
						'TTFT error p50 / p99 (ms)',
						'inter-token p50 / p99 (ms)',
						'inter-token error p50 / p99 (ms)',
						"mock's own lateness, first token p50 / p99 (ms)",
						"mock's own lateness, later tokens p50 / p99 (ms)",
						'loop busy',
						'loop delay p99 (ms)',
						'client CPU per 1,000 events (ms)',
						cores.serverCount > 1 ? 'mock cores busy (each)' : 'server core busy',
					],
					rows,
				},
			],
			checks,
			notes: [
				`The ${fmt(spread ?? 4096, 0)}-stream row measures with --workers on every core but the mock's (at least two threads: on a 2-core machine they share the one client core, and show what threads cost there, not what they gain). Loop busy is the busiest thread's. ${cores.serverCount > 1 ? `The mock serves from ${cores.serverCount} processes on cores ${cores.servers}` : 'The mock is one Node.js process on one core (a machine of 4 cores or more gives it half of them, `--processes`)'}: at ${fmt(spread ?? 4096, 0)} streams it is asked for ${fmt(((spread ?? 4096) * 1000) / gapMs, 0)} events/s (events/s shows what it managed, its own lateness how far it fell behind), so where it could not keep up that row's TTFT and inter-token errors are the server's, which gatebench reports faithfully.`,
				"The mock's own lateness is how late it wrote each token by its own clock (`GET /mock/timing`, over the whole run, warm-up included): a share of gatebench's error that is the server's, which gatebench reports rightly; the rest is the client's (and the loopback's). Timers alone make it ~1 ms late when idle.",
				'A loop busier than ~70 % queues each event behind others: TTFT and inter-token p99 then grow by the queueing, which the self-check reports as client-bound.',
			],
			data,
		};
	} finally {
		await mock.close();
	}
}
