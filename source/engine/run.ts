import {setMaxListeners} from 'node:events';
import type {RunEvent, RunListener} from './events.js';
import type {Endpoint, Sample} from './endpoint.js';
import {type ClientLoad, ClientMonitor} from './client-load.js';
import {elapsedUs, nowNs} from './clock.js';
import {setImmediate as yieldToLoop} from 'node:timers/promises';
import {sleepUntilWallClock} from './sleep.js';
import type {LoadSettings} from '../plan/load-settings.js';
import {runInterleaved} from './interleave.js';
import {type LoadLevel, type SteerCommand, Steering} from './steering.js';
import {levelShare, loadShare, numberingOf, type Share, staggerOf} from './share.js';
import {type Completed, runClosedLoop, runOpenLoop} from './scheduler.js';

export type RunResult = {
	readonly runId: number;
	readonly interrupted: boolean;
	readonly startedAt: Date;
	readonly finishedAt: Date;
};

export type RunHandle = {
	/** Subscribe before awaiting `done`; returns the unsubscribe function. */
	readonly subscribe: (listener: RunListener) => () => void;
	/** Cancels in-flight requests; everything already completed has been emitted. */
	readonly stop: () => void;
	/** Changes the load while it runs: pause or resume, more or less (concurrency, or rate in open loop). */
	readonly steer: (command: SteerCommand) => void;
	/** One of several measuring threads: takes its part of a load level the run's coordinator decided. */
	readonly follow: (level: LoadLevel) => void;
	readonly done: Promise<RunResult>;
};

export type ProbeSettings = {
	/** Pings per second sent alongside each endpoint that has a probe. */
	readonly rate: number;
};

let lastRunId = 0;

/**
 * Runs the endpoints one after another: first the warm-up requests (never emitted), then the
 * measured ones, emitting every Sample as it completes. Requests cut short by `stop()` are
 * not results and are not emitted.
 */
export type RunOptions = {
	readonly probe?: ProbeSettings;
	/** Request i goes to every endpoint before request i+1 (closed loop only). */
	readonly interleave?: boolean;
	/** One of several measuring threads (`--workers`): this run sends its part of the load and numbers its requests so. */
	readonly share?: Share;
	/**
	 * Several measuring threads: waits for every thread before an endpoint's measured requests, and
	 * resolves with the monotonic instant they all count from (start offsets on one time base).
	 */
	readonly together?: (endpoint: number) => Promise<bigint>;
	/**
	 * Several measuring threads: waits until every thread has finished the endpoint, so the next
	 * endpoint's warm-up never reaches the server while another thread still measures this one.
	 */
	readonly settled?: (endpoint: number) => Promise<void>;
};

export function startRun(
	endpoints: readonly Endpoint[],
	whole: LoadSettings,
	{probe, interleave = false, share, together, settled}: RunOptions = {},
): RunHandle {
	const load = share ? loadShare(whole, share) : whole;
	const numbering = share ? numberingOf(share) : undefined;
	const runId = ++lastRunId;
	const controller = new AbortController();
	const {signal} = controller;
	// Every request in flight listens for the stop: hundreds at high concurrency, by design.
	setMaxListeners(0, signal);
	const listeners = new Set<RunListener>();
	const emit = (event: RunEvent) => {
		for (const listener of listeners) listener(event);
	};
	// One load for the whole run: a change made during one endpoint holds for the next.
	const steering = new Steering(load.concurrency, load.rate);
	let runStartNs = nowNs();
	steering.onChange((level) => emit({type: 'load', runId, level, atUs: elapsedUs(runStartNs, nowNs())}));

	const run = async (): Promise<RunResult> => {
		// Let callers subscribe before the first event.
		await Promise.resolve();
		const startedAt = new Date();
		runStartNs = nowNs();
		emit({type: 'run-start', runId, endpoints: endpoints.map((endpoint) => endpoint.info), startNs: runStartNs});
		const sampleOf = (index: number, startNs: bigint) => (completed: Completed) => toSample(completed, index, startNs);
		let held = false;
		// After the warm-up, once: the first measured request waits for `startAt` (runs on many hosts overlap).
		// With other measuring threads, every endpoint starts when all of them are ready, from one instant.
		// The clock starts after a turn of the loop: what the caller set going with the run (its first lines
		// printed, its subscriptions) runs before it, not in the first request's time.
		const measuring = async (endpoint: number): Promise<bigint> => {
			if (!held) {
				held = true;
				if (load.startAt !== undefined) await sleepUntilWallClock(load.startAt, signal);
			}

			await yieldToLoop();
			return together && !signal.aborted ? together(endpoint) : nowNs();
		};

		if (interleave) {
			const indexes = endpoints.map((_, index) => index);
			if (load.warmup) await runInterleaved(endpoints, {...load, requests: load.warmup, durationMs: undefined}, signal, () => {});
			const monitor = new ClientMonitor();
			const startNs = await measuring(0);
			for (const index of indexes) if (!signal.aborted) emit({type: 'endpoint-start', runId, endpoint: index, startNs});
			const watching = watchClient(runId, indexes, emit, monitor);
			const activeNs = await runInterleaved(
				endpoints,
				load,
				signal,
				(index, completed) => emit({type: 'sample', runId, sample: sampleOf(index, startNs)(completed)}),
				steering,
				numbering,
			);
			watching.stop();
			for (const index of indexes) emit({type: 'endpoint-done', runId, endpoint: index, activeUs: Number(activeNs[index] ?? 0n) / 1000});
		}

		for (const [index, endpoint] of interleave ? [] : endpoints.entries()) {
			if (signal.aborted) break;
			if (load.warmup) {
				emit({type: 'endpoint-warmup', runId, endpoint: index});
				await runPhase(endpoint, {...load, requests: load.warmup, durationMs: undefined}, signal, () => {});
			}

			if (signal.aborted) break;
			// Made before the clock starts (it watches from then).
			const monitor = new ClientMonitor();
			const startNs = await measuring(index);
			if (signal.aborted) break;
			emit({type: 'endpoint-start', runId, endpoint: index, startNs});
			const toSample = sampleOf(index, startNs);

			// One probe stream per endpoint, whatever the number of measuring threads: the first thread's.
			const probing =
				endpoint.probe && probe && (share?.index ?? 0) === 0
					? startProbe(endpoint.probe, probe, signal, (completed) => emit({type: 'probe', runId, sample: toSample(completed)}))
					: undefined;
			const watching = watchClient(runId, [index], emit, monitor);
			await runPhase(endpoint, load, signal, (completed) => emit({type: 'sample', runId, sample: toSample(completed)}), {steering, share, startNs});
			watching.stop();
			await probing?.stop();
			emit({type: 'endpoint-done', runId, endpoint: index});
			if (settled && index < endpoints.length - 1 && !signal.aborted) await settled(index);
		}

		const interrupted = signal.aborted;
		emit({type: 'run-end', runId, interrupted});
		await Promise.all(endpoints.map(async (endpoint) => Promise.all([endpoint.close(), endpoint.probe?.close()])));
		return {runId, interrupted, startedAt, finishedAt: new Date()};
	};

	return {
		subscribe(listener) {
			listeners.add(listener);
			return () => listeners.delete(listener);
		},
		stop: () => controller.abort(),
		steer: (command) => {
			if (!signal.aborted) steering.steer(command);
		},
		follow: (level) => {
			if (!signal.aborted) steering.follow(share ? levelShare(level, share) : level);
		},
		done: run(),
	};
}

/** Where a measured phase stands among others: the run's steering, this thread's share, the instant it counts from. */
type PhasePlace = {readonly steering?: Steering; readonly share?: Share; readonly startNs?: bigint};

function runPhase(
	endpoint: Endpoint,
	load: LoadSettings,
	signal: AbortSignal,
	onComplete: (completed: Completed) => void,
	place: PhasePlace = {},
): Promise<void> {
	const {steering, share, startNs} = place;
	const numbering = share ? numberingOf(share) : undefined;
	const phase = {
		count: load.requests,
		durationMs: load.durationMs,
		load,
		createWorker: endpoint.createWorker,
		signal,
		onComplete,
		steering,
		numbering,
		stagger: staggerOf(share),
		startNs,
	};
	return load.rate === undefined ? runClosedLoop(phase) : runOpenLoop(phase);
}

/** Reports how busy the client is each second while endpoints run, then over their whole run. */
function watchClient(runId: number, endpoints: readonly number[], emit: (event: RunEvent) => void, monitor: ClientMonitor) {
	monitor.start();
	const send = (load: ClientLoad, final: boolean) => {
		for (const endpoint of endpoints) emit({type: 'client-load', runId, endpoint, load, final});
	};

	const ticker = setInterval(() => send(monitor.window(), false), 1000);
	ticker.unref();
	return {
		stop() {
			clearInterval(ticker);
			send(monitor.total(), true);
			monitor.stop();
		},
	};
}

/** A light ping stream beside the measured endpoint, until the endpoint is done. */
function startProbe(probe: Endpoint, settings: ProbeSettings, runSignal: AbortSignal, onComplete: (completed: Completed) => void) {
	const controller = new AbortController();
	const onAbort = () => controller.abort();
	runSignal.addEventListener('abort', onAbort, {once: true});
	const running = runOpenLoop({load: {concurrency: 1, rate: settings.rate}, createWorker: probe.createWorker, signal: controller.signal, onComplete});
	return {
		async stop() {
			controller.abort();
			runSignal.removeEventListener('abort', onAbort);
			await running;
		},
	};
}

/** Every field of T named, even those that are undefined: a field left out does not compile. */
type EveryField<T> = {[K in keyof Required<T>]: T[K]};

/**
 * A Sample from a measurement, field by field: one object shape for every sample keeps the
 * hot path monomorphic (object rest/spread here cost ~5 % of CPU at 30k requests/s).
 */
function toSample({seq, measurement: m, scheduledNs, workerWaitUs, phase}: Completed, endpoint: number, startNs: bigint): Sample {
	const sample: EveryField<Sample> = {
		endpoint,
		seq,
		startOffsetUs: elapsedUs(startNs, m.startedNs),
		durationUs: m.durationUs,
		ttfbUs: m.ttfbUs,
		ttftUs: m.ttftUs,
		ttfaUs: m.ttfaUs,
		tokens: m.tokens,
		interTokenGapsUs: m.interTokenGapsUs,
		status: m.status,
		outcome: m.outcome,
		retried: m.retried,
		connection: m.connection,
		traceId: m.traceId,
		bytes: m.bytes,
		scheduleLagUs: scheduledNs === undefined ? undefined : Math.max(0, elapsedUs(scheduledNs, m.startedNs)),
		workerWaitUs,
		error: m.error,
		server: m.server,
		rateLimit: m.rateLimit,
		phase,
		promptId: m.promptId,
		session: m.session,
		turn: m.turn,
		requestedOutputTokens: m.requestedOutputTokens,
		model: m.model,
		witness: m.witness,
	};
	return sample;
}
