import type {Endpoint} from './endpoint.js';
import {nowNs} from './clock.js';
import type {LoadSettings} from '../plan/load.js';
import type {Completed} from './scheduler.js';

/**
 * Closed loop across endpoints: each of `concurrency` workers sends request i to every
 * endpoint in turn before taking i+1, so drift in the network or the machine hits all of
 * them alike — a fair comparison.
 */
export async function runInterleaved(
	endpoints: readonly Endpoint[],
	load: LoadSettings,
	signal: AbortSignal,
	onComplete: (endpoint: number, completed: Completed) => void,
): Promise<void> {
	const endNs = load.durationMs === undefined ? undefined : nowNs() + BigInt(Math.round(load.durationMs * 1e6));
	let next = 0;
	const more = () => !signal.aborted && (load.requests === undefined || next < load.requests) && (endNs === undefined || nowNs() < endNs);
	const loop = async () => {
		const workers = endpoints.map((endpoint) => endpoint.createWorker());
		try {
			while (more()) {
				const seq = next++;
				for (const [index, worker] of workers.entries()) {
					const measurement = await worker.execute(signal);
					if (signal.aborted && measurement.outcome === 'aborted') return;
					onComplete(index, {seq, measurement});
				}
			}
		} finally {
			for (const worker of workers) worker.close();
		}
	};

	const count = Math.max(1, Math.min(load.concurrency, load.requests ?? load.concurrency));
	await Promise.all(Array.from({length: count}, loop));
}
