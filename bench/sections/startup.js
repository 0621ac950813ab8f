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
		// Connects timed as gatebench times them: from when Node dials (net.js's internalConnect runs on the next
		// tick; a tick queued just before net.connect stamps the start), so neither counts its own tick's work.
		const connectScript = `const net=require('node:net');const {performance}=require('node:perf_hooks');(async()=>{const t=[];for(let i=0;i<6;i++){let s=0;process.nextTick(()=>{s=performance.now()});await new Promise(r=>{const k=net.connect(${port},'127.0.0.1',()=>{t.push(performance.now()-s);k.destroy();r(undefined)})})}process.stdout.write(JSON.stringify(t))})()`;
		// What the server does on a first connection, seen by a bare client: node:http, warmed on a server of its
		// own, then eight requests on one kept connection to the harness's server (first, its connect, the rest).
		// Its connect counts from the request's 'socket' event, which Node emits on the tick after it dialled: the
		// client's own work in the tick that asked is then in the request, not the connect, as in gatebench.
		const bareFirstScript = `const http=require('node:http');const {performance}=require('node:perf_hooks');
const ask=(agent,port)=>new Promise((done)=>{const t=performance.now();let c=0;const r=http.request({host:'127.0.0.1',port,method:'POST',path:'/v2/http',agent},(s)=>{s.resume();s.on('end',()=>done({ms:performance.now()-t,connectMs:c}))});r.on('socket',(k)=>{if(k.connecting){const d=performance.now();k.once('connect',()=>{c=performance.now()-d})}});r.end('ping')});
(async()=>{const own=http.createServer((q,s)=>{q.resume();q.on('end',()=>s.end('pong'))});await new Promise((r)=>own.listen(0,'127.0.0.1',r));
for(let i=0;i<12;i++)await ask(new http.Agent({keepAlive:i%2===0,maxSockets:1}),own.address().port);own.close();
const agent=new http.Agent({keepAlive:true,maxSockets:1});const t=[];for(let i=0;i<8;i++)t.push(await ask(agent,${port}));agent.destroy();
process.stdout.write(JSON.stringify(t))})()`;
		/** @type {number[]} */
		const bareFirst = [];
		for (let i = 0; i < config.startup.launches; i++) {
			const node = await runProc([process.execPath, '-e', bareFirstScript], {core: cores.client, cwd: repoDir, measure: false, timeoutMs: 30_000});
			/** @type {Array<{ms: number, connectMs: number}>} */
			const times = JSON.parse(node.stdout);
			const [first] = times;
			const later = median(times.slice(1).map((x) => x.ms));
			if (first && later !== undefined) bareFirst.push(first.ms - first.connectMs - later);
		}

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
		// The first request opens the connection the others reuse: its connect is the network's, not a first use of the client's.
		const firstRequest = median(cold.map((x) => x.firstMs - (Number.isFinite(x.connectMs) ? x.connectMs : 0) - x.laterMs));
		const firstWithConnect = median(cold.map((x) => x.firstMs - x.laterMs));
		const serverFirst = median(bareFirst);
		const firstGoal = Math.max(0, serverFirst ?? 0) + 0.2;
		const m = median(gb.map((x) => x.firstRequestMs));
		return {
			about: `\`gatebench --no-tui --pipeline http -n 1 --gateway http://127.0.0.1:PORT --sgd x\` launched ${config.startup.launches} times (pinned to the client core) against a node:http server inside the harness, which notes when the first request arrives. Times are wall-clock (performance.timeOrigin + now()) from just before spawn. "bare node" is \`node -e\` sending one request with node:http: the floor any Node tool pays.`,
			tables: [
				{
					columns: ['program', 'launch → first request, median (ms)', 'range (ms)', 'launch → exit, median (ms)'],
					rows: [row('gatebench', gb), row('bare node (floor)', floor)],
				},
				{
					columns: [
						'first connection, median (ms)',
						'bare net.connect: first / warmed (ms)',
						'first request − median of the next 7 (ms)',
						'the same, less its connect (ms)',
						'a warmed bare node:http client, the same (ms)',
					],
					rows: [
						[
							fmt(firstConnect, 2),
							`${fmt(median(bare.map((x) => x.coldMs)), 2)} / ${fmt(warmConnect, 2)}`,
							fmt(firstWithConnect, 2),
							fmt(firstRequest, 2),
							fmt(serverFirst, 2),
						],
					],
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
					"both counted from when Node dials (net.js's internalConnect runs on the tick after the one that asked; gatebench's connect clock starts on a tick queued just ahead of it, as the bare client's here): what is left is the loopback handshake and the event loop's turn to the socket's connect event, which the client's own work can delay",
				),
				check(
					'first request no slower than the next beyond what the server does (less its connect, within 0.2 ms of a warmed bare client)',
					`${fmt(firstRequest, 2)} ms slower`,
					`< ${fmt(firstGoal, 2)} ms`,
					firstRequest === undefined ? null : firstRequest < firstGoal,
					firstRequest === undefined ? '—' : `${fmt(Math.abs(firstRequest - firstGoal), 2)} ms ${firstRequest < firstGoal ? 'to spare' : 'over'}`,
					`a warmed bare node:http client's first request on a new connection is ${fmt(serverFirst, 2)} ms slower than its next ones, less its connect (the server's own first use of a connection); beyond that, what gatebench's first request still compiles, and this machine pausing a busy thread`,
				),
				check(
					'launch → first request < 150 ms (headless; issue 30, item 5)',
					`${fmt(m, 0)} ms`,
					'< 150 ms',
					m === undefined ? null : m < 150,
					m === undefined ? '—' : `${fmt(Math.abs(150 - m), 0)} ms ${m < 150 ? 'to spare' : 'over'}`,
					`Node itself takes ${fmt(median(floor.map((x) => x.firstRequestMs)), 0)} ms to send one request here; the rest is loading gatebench (the bundle in dist/bundle/: ~50 chunks and Node's own modules before the first request; headless runs never load Ink, React, ws, hpagent, got or undici, nor the metrics scraper without --metrics-url) and warming the client before the clock (~20 ms). The bundle took ~20 ms off (tsc's ~130 modules loaded one by one: 131–136 ms against 112–114, median of 9 launches each)`,
				),
			],
			notes: [
				'The first connection: `Connect (ms)` of the first request of `-n 8` (request CSV), against a fresh process connecting six times with `net.connect` (its first, and the median of its last four), each connect timed from when Node dials it. gatebench runs its client against a server of its own on 127.0.0.1 before any clock starts (`source/targets/warm-up.ts`).',
				"What the server does on a first connection: a fresh process warms node:http with twelve requests to a server of its own, then sends eight requests on one kept connection to the harness's server; its first request's duration less its connect, less the median of the other seven, is the allowance (plus 0.2 ms) for gatebench's.",
			],
			data: {gatebench: gb, nodeFloor: floor, cold, bareConnect: bare, bareFirstRequest: bareFirst},
		};
	} finally {
		server.closeAllConnections();
		server.close();
	}
}
