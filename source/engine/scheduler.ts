import {mulberry32} from './random.js';
import type {EndpointWorker, Measurement} from './endpoint.js';
import {elapsedUs, nowNs} from './clock.js';
import {arrivalGap} from './load-models.js';
import {type LoadSettings} from '../plan/load-settings.js';
import {sleepUntil} from './sleep.js';
import {Steering, steeredLoops} from './steering.js';

/** A finished request with its sequence number and, in rate mode, when it was due. */
export type Completed = {
	readonly seq: number;
	readonly measurement: Measurement;
	readonly scheduledNs?: bigint;
	readonly workerWaitUs?: number;
	/** The load phase the request was sent in (1 unless the load was steered). */
	readonly phase?: number;
};

export type Phase = {
	readonly count?: number;
	readonly durationMs?: number;
	readonly load: LoadSettings;
	readonly createWorker: () => EndpointWorker;
	readonly signal: AbortSignal;
	readonly onComplete: (completed: Completed) => void;
	/** Seeded for repeatable Poisson schedules. */
	readonly random?: () => number;
	/** Changes the load while it runs (the console's keys); a fixed load without. */
	readonly steering?: Steering;
	/** The run's number for this phase's n-th request (one of several measuring threads numbers its part). */
	readonly numbering?: (local: number) => number;
	/** Open loop, constant arrivals: the schedule starts this share of a gap late (threads interleave their sends). */
	readonly stagger?: number;
	/** When the phase's schedule and `durationMs` count from (measuring threads share one); now, without. */
	readonly startNs?: bigint;
};

const sameNumber = (local: number): number => local;

/**
 * Closed loop: `concurrency` workers, each sending its next request when the last one
 * finished. Requests cut short by the run's stop are not results and are dropped.
 */
export async function runClosedLoop({
	count,
	durationMs,
	load,
	createWorker,
	signal,
	onComplete,
	steering = new Steering(load.concurrency),
	numbering = sameNumber,
	startNs = nowNs(),
}: Phase): Promise<void> {
	const endNs = durationMs === undefined ? undefined : startNs + BigInt(Math.round(durationMs * 1e6));
	let next = 0;
	const more = () => !signal.aborted && (count === undefined || next < count) && (endNs === undefined || nowNs() - steering.pausedNs() < endNs);
	const loop = async (id: number) => {
		const worker = createWorker();
		try {
			while (more()) {
				await steering.whilePaused(signal);
				// Fewer loops were asked for: this one retires (its connection with it).
				if (id >= steering.level.concurrency || !more()) return;
				const seq = numbering(next++);
				const {phase} = steering.level;
				const measurement = await worker.execute(signal, seq);
				if (signal.aborted && measurement.outcome === 'aborted') return;
				onComplete({seq, measurement, phase});
			}
		} finally {
			worker.close();
		}
	};

	await steeredLoops(steering, count ?? Number.POSITIVE_INFINITY, loop);
}

/**
 * Open loop: request i is due at start + its scheduled offset, whatever the server does.
 * At most `concurrency` are in flight; when all are busy the request waits, and its lag
 * behind schedule becomes part of its corrected latency (no coordinated omission).
 */
export async function runOpenLoop({
	count,
	durationMs,
	load,
	createWorker,
	signal,
	onComplete,
	random = load.seed === undefined ? Math.random : mulberry32(load.seed),
	steering = new Steering(load.concurrency, load.rate ?? 1),
	numbering = sameNumber,
	stagger = 0,
	startNs = nowNs(),
}: Phase): Promise<void> {
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

	// The schedule runs from `baseNs` at the phase's rate; a change of rate (or a resume) starts it anew from then.
	const firstOffset = (rate = 1) => ((load.arrival ?? 'constant') === 'constant' ? stagger / rate : 0);
	let level = steering.level;
	let baseNs = startNs;
	let offsetSeconds = firstOffset(level.rate);
	let wake = AbortSignal.any([signal, steering.changed]);
	let workerFreeNs = 0n;
	try {
		for (let seq = 0; count === undefined || seq < count;) {
			await steering.whilePaused(signal);
			if (steering.level !== level) {
				level = steering.level;
				// A trace keeps its recorded times (a pause shifts them); a rate starts its schedule anew.
				if (!load.schedule) {
					baseNs = nowNs();
					offsetSeconds = firstOffset(level.rate);
				}

				wake = AbortSignal.any([signal, steering.changed]);
				if (level.paused) continue;
			}

			// A trace's request is due at its recorded time (shifted by any pause); the rest follow the rate.
			const traced = load.schedule?.[numbering(seq)];
			if (load.schedule && traced === undefined) break;
			const scheduledNs =
				traced === undefined ? baseNs + BigInt(Math.round(offsetSeconds * 1e9)) : startNs + steering.pausedNs() + BigInt(Math.round(traced * 1e9));
			if (endNs !== undefined && scheduledNs - steering.pausedNs() >= endNs) break;
			await sleepUntil(scheduledNs, wake);
			if (signal.aborted) break;
			// Woken by a change: reschedule at the new rate, or wait out the pause.
			if (steering.level !== level) continue;
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

			const {phase} = level;
			const sent = numbering(seq++);
			const request = worker.execute(signal, sent).then((measurement) => {
				release(worker);
				if (!(signal.aborted && measurement.outcome === 'aborted')) onComplete({seq: sent, measurement, scheduledNs, workerWaitUs, phase});
			});
			inFlight.add(request);
			void request.finally(() => inFlight.delete(request));
			offsetSeconds += arrivalGap(level.rate ?? 1, load.arrival ?? 'constant', random);
		}

		await Promise.all(inFlight);
	} finally {
		for (const worker of all) worker.close();
	}
}
