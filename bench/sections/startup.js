// 6. Start-up: launch to the first request arriving at a tiny node:http server in the harness.
import {readFileSync, rmSync} from 'node:fs';
import {createServer} from 'node:http';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {performance} from 'node:perf_hooks';
import {gatebenchBin, repoDir} from '../lib/paths.js';
import {cores, run as runProc} from '../lib/procs.js';
import {check} from '../lib/report.js';
import {fmt, max, median, min} from '../lib/stats.js';

export const id = 'startup';
export const title = 'Start-up: launch to first request';

const wallNow = () => performance.timeOrigin + performance.now();

/** @param {import('../run.js').SectionContext} context */
export async function run({config, log}) {
	let firstAt;
	const server = createServer((request, response) => {
		firstAt ??= wallNow();
		request.resume();
		request.on('end', () => {
			response.writeHead(200, {'content-type': 'text/plain', 'content-length': 4});
			response.end('pong');
		});
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
	const {port} = /** @type {import('node:net').AddressInfo} */ (server.address());
	const gateway = `http://127.0.0.1:${port}`;
	try {
		/** @param {string[]} argv */
		const launch = async (argv) => {
			firstAt = undefined;
			const proc = await runProc(argv, {core: cores.client, cwd: repoDir, measure: false, timeoutMs: 30_000});
			if (proc.code !== 0) throw new Error(`exited ${proc.code}: ${proc.stderr.trim()}`);
			if (firstAt === undefined) throw new Error(`no request arrived: ${argv.join(' ')}`);
			return {firstRequestMs: firstAt - proc.launchedAt, exitMs: proc.wallMs};
		};

		const floorScript = `const r=require('node:http').request({host:'127.0.0.1',port:${port},method:'POST',path:'/v2/http'},s=>s.resume());r.end('ping')`;
		/** @type {Array<{firstRequestMs: number, exitMs: number}>} */
		const gb = [];
		/** @type {Array<{firstRequestMs: number, exitMs: number}>} */
		const floor = [];
		for (let i = 0; i < config.startup.launches; i++) {
			gb.push(await launch([process.execPath, gatebenchBin, '--no-tui', '--pipeline', 'http', '-n', '1', '--gateway', gateway, '--sgd', 'x']));
			floor.push(await launch([process.execPath, '-e', floorScript]));
			log(
				`launch ${i + 1}/${config.startup.launches}: gatebench ${fmt(gb.at(-1)?.firstRequestMs, 0)} ms to first request, ${fmt(gb.at(-1)?.exitMs, 0)} ms to exit; bare node ${fmt(floor.at(-1)?.firstRequestMs, 0)} ms`,
			);
		}

		/** @param {string} name @param {Array<{firstRequestMs: number, exitMs: number}>} list */
		const row = (name, list) => {
			const first = list.map((x) => x.firstRequestMs);
			return [name, fmt(median(first), 0), `${fmt(min(first), 0)}–${fmt(max(first), 0)}`, fmt(median(list.map((x) => x.exitMs)), 0)];
		};

		// The first connection and the first requests, against the rest of the same run and a bare net.connect.
		const csv = join(tmpdir(), `gatebench-bench-cold-${process.pid}.csv`);
		/** @type {Array<{connectMs: number, firstMs: number, laterMs: number}>} */
		const cold = [];
		/** @type {Array<{coldMs: number, warmMs: number}>} */
		const bare = [];
		const connectScript = `const net=require('node:net');const {performance}=require('node:perf_hooks');(async()=>{const t=[];for(let i=0;i<6;i++){const s=performance.now();await new Promise(r=>{const k=net.connect(${port},'127.0.0.1',()=>{t.push(performance.now()-s);k.destroy();r(undefined)})})}process.stdout.write(JSON.stringify(t))})()`;
		for (let i = 0; i < config.startup.launches; i++) {
			rmSync(csv, {force: true});
			const argv = [process.execPath, gatebenchBin, '--no-tui', '--pipeline', 'http', '-n', '8', '--gateway', gateway, '--sgd', 'x', '--request-csv', csv];
			const proc = await runProc(argv, {core: cores.client, cwd: repoDir, measure: false, timeoutMs: 30_000});
			if (proc.code !== 0) throw new Error(`exited ${proc.code}: ${proc.stderr.trim()}`);
			const [header = '', ...rows] = readFileSync(csv, 'utf8').trim().split('\n');
			const columns = header.split(',');
			const at = (row = '', name = '') => Number(row.split(',')[columns.indexOf(name)]);
			cold.push({
				connectMs: at(rows[0], 'Connect (ms)'),
				firstMs: at(rows[0], 'Duration (ms)'),
				laterMs: median(rows.slice(1).map((row) => at(row, 'Duration (ms)'))) ?? Number.NaN,
			});
			const node = await runProc([process.execPath, '-e', connectScript], {core: cores.client, cwd: repoDir, measure: false, timeoutMs: 30_000});
			/** @type {number[]} */
			const times = JSON.parse(node.stdout);
			bare.push({coldMs: times[0] ?? Number.NaN, warmMs: median(times.slice(2)) ?? Number.NaN});
		}

		rmSync(csv, {force: true});
		const firstConnect = median(cold.map((x) => x.connectMs));
		const warmConnect = median(bare.map((x) => x.warmMs));
		const firstRequest = median(cold.map((x) => x.firstMs - x.laterMs));
		const m = median(gb.map((x) => x.firstRequestMs));
		return {
			about: `\`gatebench --no-tui --pipeline http -n 1 --gateway http://127.0.0.1:PORT --sgd x\` launched ${config.startup.launches} times (pinned to the client core) against a node:http server inside the harness, which notes when the first request arrives. Times are wall-clock (performance.timeOrigin + now()) from just before spawn. "bare node" is \`node -e\` sending one request with node:http: the floor any Node tool pays.`,
			tables: [
				{
					columns: ['program', 'launch → first request, median (ms)', 'range (ms)', 'launch → exit, median (ms)'],
					rows: [row('gatebench', gb), row('bare node (floor)', floor)],
				},
				{
					columns: ['first connection, median (ms)', 'bare net.connect: first / warmed (ms)', 'first request − median of the next 7 (ms)'],
					rows: [[fmt(firstConnect, 2), `${fmt(median(bare.map((x) => x.coldMs)), 2)} / ${fmt(warmConnect, 2)}`, fmt(firstRequest, 2)]],
				},
			],
			checks: [
				check(
					'first connection within 0.2 ms of a warmed bare net.connect',
					`${fmt(firstConnect, 2)} ms`,
					`< ${fmt((warmConnect ?? 0) + 0.2, 2)} ms`,
					firstConnect === undefined || warmConnect === undefined ? null : firstConnect < warmConnect + 0.2,
					firstConnect === undefined || warmConnect === undefined
						? '—'
						: `${fmt(Math.abs(firstConnect - warmConnect - 0.2), 2)} ms ${firstConnect < warmConnect + 0.2 ? 'to spare' : 'over'}`,
					'what is not yet warmed before the clock: the first request through the endpoint and recording code (a sample, the stores), and this machine pausing a busy thread for milliseconds at a time',
				),
				check(
					'first request no slower than the next (within 0.2 ms)',
					`${fmt(firstRequest, 2)} ms slower`,
					'< 0.2 ms',
					firstRequest === undefined ? null : firstRequest < 0.2,
					firstRequest === undefined ? '—' : `${fmt(Math.abs(firstRequest - 0.2), 2)} ms ${firstRequest < 0.2 ? 'to spare' : 'over'}`,
					'the endpoint and recording code compiled on their first use, during the first measured request',
				),
				check(
					'launch → first request < 1 s',
					`${fmt(m, 0)} ms`,
					'< 1,000 ms',
					m === undefined ? null : m < 1000,
					m === undefined ? '—' : `${fmt(Math.abs(1000 - m), 0)} ms ${m < 1000 ? 'to spare' : 'over'}`,
					`Node itself takes ${fmt(median(floor.map((x) => x.firstRequestMs)), 0)} ms to send one request; the rest is loading gatebench's modules (headless runs never load Ink or React)`,
				),
			],
			notes: [
				'The first connection: `Connect (ms)` of the first request of `-n 8` (request CSV), against a fresh process connecting six times with `net.connect` (its first, and the median of its last four). gatebench runs its client against a server of its own on 127.0.0.1 before any clock starts (`source/targets/warm-up.ts`).',
			],
			data: {gatebench: gb, nodeFloor: floor, cold, bareConnect: bare},
		};
	} finally {
		server.closeAllConnections();
		server.close();
	}
}
