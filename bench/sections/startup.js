// 6. Start-up: launch to the first request arriving at a tiny node:http server in the harness.
import {createServer} from 'node:http';
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

		const m = median(gb.map((x) => x.firstRequestMs));
		return {
			about: `\`gatebench --no-tui --pipeline http -n 1 --gateway http://127.0.0.1:PORT --sgd x\` launched ${config.startup.launches} times (pinned to the client core) against a node:http server inside the harness, which notes when the first request arrives. Times are wall-clock (performance.timeOrigin + now()) from just before spawn. "bare node" is \`node -e\` sending one request with node:http: the floor any Node tool pays.`,
			tables: [
				{
					columns: ['program', 'launch → first request, median (ms)', 'range (ms)', 'launch → exit, median (ms)'],
					rows: [row('gatebench', gb), row('bare node (floor)', floor)],
				},
			],
			checks: [
				check(
					'launch → first request < 1 s',
					`${fmt(m, 0)} ms`,
					'< 1,000 ms',
					m === undefined ? null : m < 1000,
					m === undefined ? '—' : `${fmt(Math.abs(1000 - m), 0)} ms ${m < 1000 ? 'to spare' : 'over'}`,
					`Node itself takes ${fmt(median(floor.map((x) => x.firstRequestMs)), 0)} ms to send one request; the rest is loading gatebench's modules (headless runs never load Ink or React)`,
				),
			],
			notes: [],
			data: {gatebench: gb, nodeFloor: floor},
		};
	} finally {
		server.closeAllConnections();
		server.close();
	}
}
