import type {Endpoint} from './endpoint.js';
import {nowNs} from './clock.js';
import type {LoadSettings} from '../plan/load-settings.js';
import type {Completed} from './scheduler.js';
import {Steering, steeredLoops} from './steering.js';
import {streamFor} from './random.js';

/** The order a round sends in: drawn for each request number from the run's seed (the same each run), so no endpoint is always first. */
export function roundOrder(count: number, seq: number, seed = 0): number[] {
	const order = Array.from({length: count}, (_, index) => index);
	const random = streamFor(seed, seq, 0x6a_09_e6_67);
	for (let index = count - 1; index > 0; index--) {
		const other = Math.floor(random() * (index + 1));
		[order[index], order[other]] = [order[other] ?? other, order[index] ?? index];
	}

	return order;
}

/**
 * Closed loop across endpoints: each of `concurrency` workers sends request i to every endpoint
 * and takes i+1 when all have answered, so drift in the network or the machine hits all of them
 * alike — a fair comparison, judged pair by pair — and `-c` means, as everywhere, requests in
 * flight per endpoint at most. A round sends to one endpoint after another in an order drawn for
 * it (`in-turn`: two paths to one upstream never queue behind each other, and neither is always
 * first), or to all at once (`together`). Resolves with each endpoint's active time (ns with a request of its own in flight):
 * they share the wall time, and their rates must not.
 */
export async function runInterleaved(
	endpoints: readonly Endpoint[],
	load: LoadSettings,
	signal: AbortSignal,
	onComplete: (endpoint: number, completed: Completed) => void,
	steering: Steering = new Steering(load.concurrency),
	numbering: (local: number) => number = (local) => local,
): Promise<bigint[]> {
	const endNs = load.durationMs === undefined ? undefined : nowNs() + BigInt(Math.round(load.durationMs * 1e6));
	const inFlight = endpoints.map(() => 0);
	const busySince = endpoints.map(() => 0n);
	const activeNs = endpoints.map(() => 0n);
	const begin = (index: number) => {
		if (inFlight[index] === 0) busySince[index] = nowNs();
		inFlight[index] = (inFlight[index] ?? 0) + 1;
	};

	const end = (index: number) => {
		inFlight[index] = (inFlight[index] ?? 1) - 1;
		if (inFlight[index] === 0) activeNs[index] = (activeNs[index] ?? 0n) + nowNs() - (busySince[index] ?? 0n);
	};

	let next = 0;
	const more = () => !signal.aborted && (load.requests === undefined || next < load.requests) && (endNs === undefined || nowNs() - steering.pausedNs() < endNs);
	const loop = async (id: number) => {
		const workers = endpoints.map((endpoint) => endpoint.createWorker());
		try {
			while (more()) {
				await steering.whilePaused(signal);
				if (id >= steering.level.concurrency || !more()) return;
				const seq = numbering(next++);
				const {phase} = steering.level;
				const send = async (index: number) => {
					const worker = workers[index];
					if (!worker || signal.aborted) return;
					begin(index);
					const measurement = await worker.execute(signal, seq);
					end(index);
					if (!(signal.aborted && measurement.outcome === 'aborted')) onComplete(index, {seq, measurement, phase});
				};

				const order = roundOrder(workers.length, seq, load.seed);
				if (load.roundSends === 'together') await Promise.all(order.map(send));
				else for (const index of order) await send(index);
			}
		} finally {
			for (const worker of workers) worker.close();
		}
	};

	await steeredLoops(steering, load.requests ?? Number.POSITIVE_INFINITY, loop);
	return activeNs;
}
