// How often this machine stops a running thread: a busy loop on the client core reads the clock
// and counts the gaps. On a virtual machine the host takes the core away now and then; no client
// can measure a tail below the stalls it suffers itself.
import {cores, run} from './procs.js';

const probe = `
const end = process.hrtime.bigint() + BigInt(process.argv[1]) * 1_000_000n;
let last = process.hrtime.bigint();
const gaps = [];
for (;;) {
	const now = process.hrtime.bigint();
	const gap = Number(now - last) / 1e6;
	if (gap > 1) gaps.push(gap);
	last = now;
	if (now > end) break;
}
console.log(JSON.stringify(gaps));
`;

/**
 * Stalls over 1 ms of a busy thread on `core` for `ms`: how many a second, and the largest (ms).
 * @param {number} ms @param {string} [core]
 * @returns {Promise<{perSecond: number, largestMs: number}>}
 */
export async function measureStalls(ms, core = cores.client) {
	const proc = await run([process.execPath, '-e', probe, String(ms)], {core});
	/** @type {number[]} */
	const gaps = JSON.parse(proc.stdout || '[]');
	return {perSecond: gaps.length / (ms / 1000), largestMs: gaps.length > 0 ? Math.max(...gaps) : 0};
}
