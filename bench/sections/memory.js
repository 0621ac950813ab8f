// 7. Memory: peak RSS for many HTTP pings with --request-csv on, and the CSV complete.
import {rmSync} from 'node:fs';
import {countLines} from '../lib/csv.js';
import {gatebenchFigures, runGatebench} from '../lib/gatebench.js';
import {scratchFile, tools} from '../lib/procs.js';
import {check} from '../lib/report.js';
import {fmt, otherLoadCell} from '../lib/stats.js';
import {measured} from './http.js';

export const id = 'memory';
export const title = 'Memory: peak RSS with the request CSV on';

/** Issue 7: 150 MB for 1,000,000 requests; issue 17: 200 MB for 10,000,000. */
/** @type {(requests: number) => number} */
const limitMbFor = (requests) => (requests >= 10_000_000 ? 200 : 150);
/** @type {(kb: number | undefined) => number | undefined} */
const mb = (kb) => (kb === undefined ? undefined : (kb * 1024) / 1e6);

/** @param {import('../run.js').SectionContext} context */
export async function run({config, pingMock, log}) {
	const mock = await pingMock();
	const {requests, baselineRequests, concurrency: c} = config.memory;
	/** @param {number} n */
	const once = async (n) => {
		const csv = scratchFile(`memory-${n}.csv`);
		try {
			log(`${fmt(n, 0)} requests, c=${c}, --request-csv on`);
			const figures = await measured(mock, async () =>
				gatebenchFigures(
					await runGatebench(['--pipeline', 'http', '--gateway', mock.url, '--sgd', 'bench', '-n', String(n), '-c', String(c), '--request-csv', csv], {
						timeoutMs: Math.max(300_000, n * 2),
					}),
				),
			);
			const lines = await countLines(csv);
			log(`  peak RSS ${fmt(mb(figures.maxRssKb), 1)} MB, ${fmt(figures.rps, 0)} req/s, CSV ${fmt(lines, 0)} lines`);
			return {...figures, csvLines: lines, csvComplete: lines === n + 1};
		} finally {
			rmSync(csv, {force: true});
		}
	};

	const base = await once(baselineRequests);
	const big = await once(requests);
	const peak = mb(big.maxRssKb);
	const limitMb = limitMbFor(requests);
	/** @param {number} n @param {Awaited<ReturnType<typeof once>>} x */
	const row = (n, x) => [
		fmt(n, 0),
		fmt(mb(x.maxRssKb), 1),
		fmt(x.rps, 0),
		`${fmt(x.csvLines, 0)} (${x.csvComplete ? 'complete' : `expected ${fmt(n + 1, 0)}`})`,
		otherLoadCell([x]),
	];
	return {
		about: `\`gatebench --no-tui --pipeline http -n N -c ${c} --request-csv FILE\` against the ping mock; peak RSS from ${tools.time ? '`/usr/bin/time` (maximum resident set size)' : '/proc/PID/status VmHWM, polled every 20 ms'}; the request CSV's lines counted afterwards (header + one per request). The small run shows the fixed cost, so the difference is what grows with the count.`,
		tables: [
			{
				columns: ['requests', 'peak RSS (MB)', 'req/s', 'request CSV lines', 'other load (client / server core)'],
				rows: [row(baselineRequests, base), row(requests, big)],
			},
		],
		checks: [
			check(
				`peak RSS ≤ ${limitMb} MB for ${fmt(requests, 0)} requests`,
				`${fmt(peak, 1)} MB`,
				`≤ ${limitMb} MB`,
				peak === undefined ? null : peak <= limitMb,
				peak === undefined ? '—' : `${fmt(Math.abs(limitMb - peak), 1)} MB ${peak <= limitMb ? 'to spare' : 'over'}`,
				`${fmt(mb(base.maxRssKb), 1)} MB is fixed cost (Node, modules, the mock-free client, buffers at ${fmt(baselineRequests, 0)} requests); ${fmt(peak === undefined || base.maxRssKb === undefined ? undefined : peak - (mb(base.maxRssKb) ?? 0), 1)} MB grows with the count: HDR histograms do not, and request CSV rows are written out in 64 KiB batches`,
			),
			check(
				'request CSV complete',
				`${fmt(big.csvLines, 0)} lines`,
				`${fmt(requests + 1, 0)} lines`,
				big.csvComplete,
				big.csvComplete ? 'exact' : `${fmt(big.csvLines - requests - 1, 0)} lines`,
			),
		],
		notes: [
			'MB = 10^6 bytes (RSS is reported in KiB and converted).',
			...(requests !== 1_000_000 && requests !== 10_000_000
				? [`Run with ${fmt(requests, 0)} requests, not 1,000,000 or 10,000,000 (BENCH_MEMORY_REQUESTS / BENCH_QUICK): the targets are set at those counts.`]
				: []),
		],
		// Each run's figures carry the requests gatebench counted (the N asked for).
		data: {concurrency: c, baseline: base, run: big},
	};
}
