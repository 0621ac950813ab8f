// The floor any Node client pays: a bare keep-alive loop on net sockets, no HTTP parsing beyond
// finding the end of a reply whose length the mock always sends. Run as a script:
//   node bench/lib/node-floor.js URL CONNECTIONS DURATION_S WARMUP
// prints {"p50": ms, "p99": ms, "rps": n, "requests": n}.
import net from 'node:net';
import {cores, run} from './procs.js';
import {fileURLToPath} from 'node:url';

/**
 * @param {string} url @param {{connections: number, durationS: number, warmup: number}} options
 * @returns {Promise<{p50: number, p99: number, rps: number, requests: number}>}
 */
export async function runNodeFloor(url, {connections, durationS, warmup}) {
	const script = fileURLToPath(import.meta.url);
	const proc = await run([process.execPath, script, url, String(connections), String(durationS), String(warmup)], {
		core: cores.client,
		timeoutMs: (durationS + 30) * 1000,
	});
	if (proc.code !== 0) throw new Error(`node floor exited ${proc.code}: ${proc.stderr}`);
	return JSON.parse(proc.stdout);
}

/** @param {string} url @param {number} connections @param {number} durationS @param {number} warmup */
function loop(url, connections, durationS, warmup) {
	const {hostname, port, pathname} = new URL(url);
	const request = Buffer.from(`POST ${pathname} HTTP/1.1\r\nhost: ${hostname}:${port}\r\ncontent-type: text/plain\r\ncontent-length: 4\r\n\r\nping`);
	/** @type {number[]} */
	const latencies = [];
	let warm = 0;
	let endAt = 0;
	let open = connections;
	const startedAt = () => {
		if (endAt === 0) endAt = performance.now() + durationS * 1000;
	};

	for (let i = 0; i < connections; i++) {
		const socket = net.connect(Number(port), hostname);
		socket.setNoDelay(true);
		let sentNs = 0n;
		let pending = '';
		const send = () => {
			sentNs = process.hrtime.bigint();
			socket.write(request);
		};
		socket.on('connect', send);
		socket.on('data', (data) => {
			pending += data.toString('latin1');
			const head = pending.indexOf('\r\n\r\n');
			if (head === -1) return;
			const length = Number(/content-length: *(\d+)/i.exec(pending.slice(0, head))?.[1] ?? 0);
			if (pending.length < head + 4 + length) return;
			const us = Number(process.hrtime.bigint() - sentNs) / 1000;
			pending = pending.slice(head + 4 + length);
			if (warm < warmup) warm++;
			else {
				startedAt();
				latencies.push(us);
			}

			if (endAt === 0 || performance.now() < endAt) return send();
			socket.destroy();
			if (--open === 0) report(latencies, durationS);
		});
	}
}

/** @param {number[]} latencies µs @param {number} durationS */
function report(latencies, durationS) {
	latencies.sort((a, b) => a - b);
	/** @param {number} q */
	const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] / 1000;
	process.stdout.write(JSON.stringify({p50: at(0.5), p99: at(0.99), requests: latencies.length, rps: latencies.length / durationS}));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	const [url, connections, durationS, warmup] = process.argv.slice(2);
	loop(url, Number(connections), Number(durationS), Number(warmup));
}
