import type {EndpointWorker, Measurement} from './endpoint.js';
import {elapsedUs, nowNs} from './clock.js';
import {arrivalGap} from './load.js';
import {type LoadSettings} from '../plan/load.js';
import {sleepUntil} from './sleep.js';

/** A finished request with its sequence number and, in rate mode, when it was due. */
export type Completed = {readonly seq: number; readonly measurement: Measurement; readonly scheduledNs?: bigint; readonly workerWaitUs?: number};

export type Phase = {
	readonly count?: number;
	readonly durationMs?: number;
	readonly load: LoadSettings;
	readonly createWorker: () => EndpointWorker;
	readonly signal: AbortSignal;
	readonly onComplete: (completed: Completed) => void;
	/** Seeded for repeatable Poisson schedules. */
	readonly random?: () => number;
};

/**
 * Closed loop: `concurrency` workers, each sending its next request when the last one
 * finished. Requests cut short by the run's stop are not results and are dropped.
 */
export async function runClosedLoop({count, durationMs, load, createWorker, signal, onComplete}: Phase): Promise<void> {
	const endNs = durationMs === undefined ? undefined : nowNs() + BigInt(Math.round(durationMs * 1e6));
	let next = 0;
	const more = () => !signal.aborted && (count === undefined || next < count) && (endNs === undefined || nowNs() < endNs);
	const loop = async () => {
		const worker = createWorker();
		try {
			while (more()) {
				const seq = next++;
				const measurement = await worker.execute(signal);
				if (signal.aborted && measurement.outcome === 'aborted') return;
				onComplete({seq, measurement});
			}
		} finally {
			worker.close();
		}
	};

	const workers = Math.max(1, Math.min(load.concurrency, count ?? load.concurrency));
	await Promise.all(Array.from({length: workers}, loop));
}

/**
 * Open loop: request i is due at start + its scheduled offset, whatever the server does.
 * At most `concurrency` are in flight; when all are busy the request waits, and its lag
 * behind schedule becomes part of its corrected latency (no coordinated omission).
 */
export async function runOpenLoop({count, durationMs, load, createWorker, signal, onComplete, random = Math.random}: Phase): Promise<void> {
	const rate = load.rate ?? 1;
	const startNs = nowNs();
	const endNs = durationMs === undefined ? undefined : startNs + BigInt(Math.round(durationMs * 1e6));
	const idle: EndpointWorker[] = [];
	const all: EndpointWorker[] = [];
	const waiting: Array<(worker: EndpointWorker) => void> = [];
	const inFlight = new Set<Promise<void>>();
	const acquire = (): EndpointWorker | Promise<EndpointWorker> => {
		const worker = idle.pop();
		if (worker) return worker;
		if (all.length < load.concurrency) {
			const created = createWorker();
			all.push(created);
			return created;
		}

		return new Promise((resolve) => waiting.push(resolve));
	};

	const release = (worker: EndpointWorker) => {
		const next = waiting.shift();
		if (next) next(worker);
		else idle.push(worker);
	};

	let offsetSeconds = 0;
	let workerFreeNs = 0n;
	try {
		for (let seq = 0; count === undefined || seq < count; seq++) {
			const scheduledNs = startNs + BigInt(Math.round(offsetSeconds * 1e9));
			if (endNs !== undefined && scheduledNs >= endNs) break;
			await sleepUntil(scheduledNs, signal);
			if (signal.aborted) break;
			const free = acquire();
			const worker = await free;
			// Until a worker was free, a late send is the server's (or the concurrency's) doing, not the client's:
			// that includes the time this loop spent waiting for workers for earlier sends.
			if (free instanceof Promise) workerFreeNs = nowNs();
			const workerWaitUs = workerFreeNs > scheduledNs ? elapsedUs(scheduledNs, workerFreeNs) : 0;
			if (signal.aborted) {
				release(worker);
				break;
			}

			const request = worker.execute(signal).then((measurement) => {
				release(worker);
				if (!(signal.aborted && measurement.outcome === 'aborted')) onComplete({seq, measurement, scheduledNs, workerWaitUs});
			});
			inFlight.add(request);
			void request.finally(() => inFlight.delete(request));
			offsetSeconds += arrivalGap(rate, load.arrival ?? 'constant', random);
		}

		await Promise.all(inFlight);
	} finally {
		for (const worker of all) worker.close();
	}
}
