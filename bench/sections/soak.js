// 10. Soak: one long headless run with the request CSV on, its resident memory sampled throughout —
// memory that grows with time (a leak) shows as a rising line after the first minute.
import {readFileSync, rmSync} from 'node:fs';
import {performance} from 'node:perf_hooks';
import {countLines} from '../lib/csv.js';
import {gatebenchBin, repoDir} from '../lib/paths.js';
import {cores, pinned, scratchFile, start} from '../lib/procs.js';
import {check} from '../lib/report.js';
import {fmt} from '../lib/stats.js';

export const id = 'soak';
export const title = 'Soak: resident memory over a long run';
/** Not in a plain `npm run bench` (it takes half an hour): `node bench/run.js soak`. */
export const onlyWhenAsked = true;

/** @type {(pid: number | undefined) => number | undefined} RSS in MB (10^6 bytes), from /proc */
function rssMb(pid) {
	try {
		const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
		return match ? (Number(match[1]) * 1024) / 1e6 : undefined;
	} catch {
		return undefined;
	}
}

/** @param {import('../run.js').SectionContext} context */
export async function run({config, pingMock, log}) {
	const mock = await pingMock();
	const {minutes, concurrency: c, sampleS} = config.soak;
	// The heap grows to its working size over the first minute or so (V8 sizes it to the allocation rate).
	const settleS = Math.min(60, (minutes * 60) / 2);
	const csv = scratchFile('soak.csv');
	const argv = [
		process.execPath,
		gatebenchBin,
		'--no-tui',
		'--pipeline',
		'http',
		'--gateway',
		mock.url,
		'--sgd',
		'bench',
		'-c',
		String(c),
		'--duration',
		`${minutes}m`,
		'--request-csv',
		csv,
	];
	log(`${minutes} min at c=${c}, --request-csv on; RSS every ${sampleS} s`);
	const child = start(pinned(cores.client, argv), {cwd: repoDir});
	child.stdout?.resume();
	child.stderr?.resume();
	const t0 = performance.now();
	/** @type {Array<{atS: number, rssMb: number}>} */
	const samples = [];
	const sampler = setInterval(() => {
		const rss = rssMb(child.pid);
		if (rss !== undefined) samples.push({atS: (performance.now() - t0) / 1000, rssMb: rss});
	}, sampleS * 1000);
	const code = await new Promise((resolve) => child.once('exit', resolve));
	clearInterval(sampler);
	try {
		const lines = await countLines(csv);
		const settled = samples.filter((sample) => sample.atS >= settleS);
		const first = settled[0]?.rssMb;
		const highest = settled.length > 0 ? Math.max(...settled.map((sample) => sample.rssMb)) : undefined;
		const last = settled.at(-1)?.rssMb;
		const growth = first === undefined || highest === undefined ? undefined : highest / first - 1;
		log(
			`  exit ${code}; RSS ${fmt(first, 1)} MB at ${fmt(settleS, 0)} s, highest ${fmt(highest, 1)} MB after, last ${fmt(last, 1)} MB; ${fmt(lines - 1, 0)} requests`,
		);
		const every = Math.max(1, Math.floor(samples.length / 12));
		return {
			about: `\`gatebench --no-tui --pipeline http -c ${c} --duration ${minutes}m --request-csv FILE\` against the ping mock; resident set size (VmRSS) read from /proc every ${sampleS} s. "Flat" compares the highest RSS after the first ${fmt(settleS, 0)} s with the RSS then: heap that grows with time would show here.`,
			tables: [
				{
					columns: ['requests', `RSS at ${fmt(settleS, 0)} s (MB)`, 'highest after (MB)', 'at the end (MB)', 'growth', 'exit'],
					rows: [[fmt(lines - 1, 0), fmt(first, 1), fmt(highest, 1), fmt(last, 1), growth === undefined ? '—' : `${fmt(growth * 100, 1)}%`, String(code)]],
				},
				{
					title: 'RSS over the run',
					columns: ['s', 'RSS (MB)'],
					rows: samples.filter((_, index) => index % every === 0).map((sample) => [fmt(sample.atS, 0), fmt(sample.rssMb, 1)]),
				},
			],
			checks: [
				check(
					`RSS flat after the first minute over ${minutes} min`,
					growth === undefined ? '—' : `+${fmt(growth * 100, 1)}%`,
					'≤ 10% growth',
					growth === undefined ? null : growth <= 0.1,
					growth === undefined ? '—' : `${fmt(Math.abs(10 - growth * 100), 1)} points ${growth <= 0.1 ? 'to spare' : 'over'}`,
					'HDR histograms and the per-second series are fixed or grow by a few numbers a second; request CSV rows leave in 64 KiB batches',
				),
			],
			notes: minutes < 30 ? [`Run for ${minutes} min, not the issue's 30 (BENCH_QUICK / BENCH_SOAK_MINUTES).`] : [],
			data: {minutes, concurrency: c, settleS, samples, requests: lines - 1, exit: code},
		};
	} finally {
		rmSync(csv, {force: true});
	}
}
