// Overhead A/A: the upstream listed as its own gateway, so every figure gatebench says a gateway
// adds should be zero: what is left is gatebench's own added error.
import {runGatebench} from '../lib/gatebench.js';
import {startMock} from '../lib/mock.js';
import {check} from '../lib/report.js';
import {fmt, median} from '../lib/stats.js';
import {measureStalls} from '../lib/stalls.js';
import {startNginx, startPortkey} from '../lib/gateways.js';
import {pairedTtftMedian} from '../lib/paired-client.js';

export const id = 'overhead';
export const title = 'Overhead run A/A: the upstream as its own gateway (every added figure should be zero)';

/** @typedef {{percentile: number, differenceMs: number | null, low: number | null, high: number | null, clear: boolean}} Figure */
/** @typedef {Partial<Record<'ttfb' | 'ttft' | 'latency' | 'firstToken' | 'forward', {figures: Figure[]}>>} Metrics */

/** @type {(v: number | null | undefined, digits?: number) => string} */
const signed = (v, digits = 3) => (v === null || v === undefined ? '—' : `${v >= 0 ? '+' : ''}${fmt(v, digits)}`);

/** @type {(metrics: Metrics | undefined, metric: keyof Metrics, percentile: number) => Figure | undefined} */
const figureOf = (metrics, metric, percentile) => metrics?.[metric]?.figures.find((figure) => figure.percentile === percentile);

/**
 * A check that a figure (ms) stays within `limit` of zero; `target` as the report shows the goal.
 * @param {string} name @param {number | undefined} value @param {number} limit @param {string} [limits] what limits it @param {string} [target]
 */
const within = (name, value, limit, limits, target = `< ${fmt(limit, 3)} ms`) =>
	check(
		name,
		`${signed(value)} ms`,
		target,
		value === undefined ? null : Math.abs(value) < limit,
		value === undefined ? '—' : `${fmt(limit - Math.abs(value), 3)} ms`,
		limits,
	);

/**
 * The goals at one in flight: the first token's added p50 within 0.05 ms of zero, its p99 within 0.5 ms,
 * and the p50's interval spanning zero in every round.
 * @param {number | undefined} p50 @param {number | undefined} p99 @param {number} spanning @param {number} rounds @param {string} tail what limits the p99
 */
function goals(p50, p99, spanning, rounds, tail) {
	return [
		within('|added first token p50| < 0.05 ms (c=1)', p50, 0.05),
		within('|added first token p99| < 0.5 ms (c=1)', p99, 0.5, tail),
		check(
			'the added first token p50 interval spans zero (c=1)',
			`${spanning}/${rounds} rounds`,
			'every round',
			spanning === rounds,
			`${rounds - spanning} rounds left zero out`,
			'a round whose interval leaves zero out is what the 95 % level lets through one time in twenty',
		),
	];
}

/**
 * Through each real gateway found (nginx set up for streaming, Portkey), gatebench's paired added
 * TTFT p50 beside the bench's own client's, measured just before and after it (a gateway's pace drifts
 * as it warms up): the goal is agreement within 0.5 ms.
 * @param {string} upstream @param {string} token @param {number} pairs @param {(line: string) => void} log
 */
async function againstOwnClient(upstream, token, pairs, log) {
	/** @type {unknown[][]} */
	const rows = [];
	const checks = [];
	for (const starter of [startNginx, startPortkey]) {
		const gateway = await starter(starter === startNginx ? new URL(upstream).origin : upstream);
		if (typeof gateway === 'string') {
			rows.push([gateway, '—', '—', '—', '—']);
			continue;
		}

		try {
			const client = () => pairedTtftMedian(upstream, `${gateway.url}/v1`, pairs, gateway.headers);
			log(`${gateway.name}: own client, gatebench, own client (${pairs} pairs each)`);
			await pairedTtftMedian(upstream, `${gateway.url}/v1`, Math.ceil(pairs / 3), gateway.headers);
			const before = await client();
			const sent = Object.entries(gateway.headers).flatMap(([name, value]) => ['-H', `${name}: ${value}`]);
			const {summary} = await runGatebench(
				['--through', `${gateway.url}/v1`, '--upstream', upstream, '--witness-token', token, '-n', String(pairs), '-c', '1', ...sent],
				{
					env: {...process.env, OPENAI_API_KEY: ''},
				},
			);
			const metrics = /** @type {Metrics | undefined} */ (summary.comparison?.against[0]?.paired?.metrics);
			const measured = figureOf(metrics, 'ttft', 50)?.differenceMs ?? undefined;
			const after = await client();
			const gap = measured === undefined ? undefined : measured - (before + after) / 2;
			rows.push([gateway.name, pairs, signed(measured), `${signed(before)} / ${signed(after)}`, signed(gap)]);
			checks.push(
				within(
					`added TTFT through ${gateway.name} within 0.5 ms of the bench's own client`,
					gap,
					0.5,
					'the gateway, the mock and both clients share the machine: the client whose own work keeps a core busy while the gateway computes slows the gateway',
					'|Δ| < 0.500 ms',
				),
			);
		} finally {
			await gateway.close();
		}
	}

	return {rows, checks};
}

/** @param {import('../run.js').SectionContext} context */
export async function run({config, log}) {
	const {concurrency, requests, rounds} = config.overhead;
	const stalls = await measureStalls(3000);
	const stallText = `this machine stopped a busy thread on the client core ${fmt(stalls.perSecond, 1)} times a second for over 1 ms (the longest ${fmt(stalls.largestMs, 2)} ms, in a 3 s probe): the p99 of the pairs is their few largest differences, and a stall in one request of a pair lands there`;
	log(`stalls: ${fmt(stalls.perSecond, 1)}/s over 1 ms, longest ${fmt(stalls.largestMs, 2)} ms`);
	// Streams as a model server sends them, no jitter: the first token after 20 ms, 16 more 5 ms apart.
	const token = 'bench-witness';
	const mock = await startMock([
		'--ttft-ms',
		'20',
		'--token-delay-ms',
		'5',
		'--jitter-ms',
		'0',
		'--min-tokens',
		'16',
		'--max-output-tokens',
		'16',
		'--witness-token',
		token,
	]);
	try {
		const upstream = `${mock.url}/v1`;
		const rows = [];
		const checks = [];
		/** @type {Record<number, unknown>} */
		const data = {};
		for (const c of concurrency) {
			/** @type {Array<Record<string, Figure | undefined>>} */
			const runs = [];
			for (let round = 0; round < rounds; round++) {
				log(`c=${c} round ${round + 1}/${rounds}: --through ${upstream} --upstream ${upstream} -n ${requests[c]}`);
				const {summary} = await runGatebench(
					['--through', upstream, '--upstream', upstream, '--witness-token', token, '-n', String(requests[c]), '-c', String(c)],
					{
						env: {...process.env, OPENAI_API_KEY: ''},
					},
				);
				const metrics = /** @type {Metrics | undefined} */ (summary.comparison?.against[0]?.paired?.metrics);
				runs.push({
					ttftP50: figureOf(metrics, 'ttft', 50),
					ttftP99: figureOf(metrics, 'ttft', 99),
					latencyP50: figureOf(metrics, 'latency', 50),
					latencyP99: figureOf(metrics, 'latency', 99),
					ttfbP50: figureOf(metrics, 'ttfb', 50),
					firstP50: figureOf(metrics, 'firstToken', 50),
					firstP99: figureOf(metrics, 'firstToken', 99),
					forwardP50: figureOf(metrics, 'forward', 50),
				});
			}

			/** @type {(key: string) => number | undefined} */
			const mid = (key) => median(runs.map((r) => r[key]?.differenceMs ?? undefined));
			/** @type {(key: string) => number} */
			const spanning = (key) => runs.filter((r) => r[key] && !r[key]?.clear).length;
			// What the overhead run leads with: the first token's way from the upstream's write to the client.
			const [p50, p99] = [mid('firstP50'), mid('firstP99')];
			data[c] = {runs};
			rows.push([
				c,
				requests[c],
				`${signed(p50)} (${spanning('firstP50')}/${rounds} span 0)`,
				signed(p99),
				signed(mid('forwardP50')),
				signed(mid('ttfbP50')),
				`${signed(mid('ttftP50'))} (${spanning('ttftP50')}/${rounds} span 0)`,
				signed(mid('ttftP99')),
				`${signed(mid('latencyP50'))} (${spanning('latencyP50')}/${rounds} span 0)`,
				signed(mid('latencyP99')),
			]);
			if (c === 1) checks.push(...goals(p50, p99, spanning('firstP50'), rounds, stallText));
		}

		const independent = await againstOwnClient(upstream, token, config.overhead.independentPairs, log);
		checks.push(...independent.checks);

		return {
			about: `A mock (\`gatebench mock --witness-token\`, streams of 16 tokens: the first after 20 ms, then 5 ms apart, no jitter) is both the upstream and the only "gateway": \`gatebench --through M/v1 --upstream M/v1 --witness-token T -n N -c C\`, ${rounds} rounds. Each row is the median over rounds of the paired p50 / p99 of (via − direct); "span 0" counts the rounds whose interval includes zero, as it should. "First token" is from the upstream's write of the first token to its arrival at the client, from the mock's record: net of the mock's own timer lateness, which TTFT carries.`,
			tables: [
				{
					columns: [
						'c',
						'pairs',
						'added first token p50 (ms)',
						'added first token p99 (ms)',
						'added forwarding p50 (ms)',
						'added TTFB p50 (ms)',
						'added TTFT p50 (ms)',
						'added TTFT p99 (ms)',
						'added latency p50 (ms)',
						'added latency p99 (ms)',
					],
					rows,
				},
				{
					title: "gatebench's added TTFT p50 against a client of the bench's own (bench/lib/paired-client.js), measured just before and just after it",
					columns: ['gateway', 'pairs', 'gatebench (ms)', 'own client before / after (ms)', 'gatebench − mean of the two (ms)'],
					rows: independent.rows,
				},
			],
			checks,
			notes: [
				`Stalls: ${stallText}.`,
				'The witness join runs as in any overhead run: its polling of the upstream during the run is part of what is measured here.',
				'Both paths share one mock and one client; a difference left is the order of sends within a round, the client, or the mock: a real gateway adds its own on top.',
			],
			data: {...data, stalls},
		};
	} finally {
		await mock.close();
	}
}
