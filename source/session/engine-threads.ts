import {startWorker} from '../engine/start-worker.js';
import {acrossThreads, type ClientLoad} from '../engine/client-load.js';
import {elapsedUs, nowNs} from '../engine/clock.js';
import type {Sample} from '../engine/endpoint.js';
import {CompletionOrder} from '../engine/completion-order.js';
import type {RunEvent, RunListener} from '../engine/events.js';
import type {RunHandle, RunResult} from '../engine/run.js';
import type {Share} from '../engine/share.js';
import {type LoadLevel, Steering} from '../engine/steering.js';
import type {EndpointSpec} from '../plan/pipelines.js';
import {loadOf, type RunPlan} from '../plan/run-plan.js';

export type EngineThreadData = {readonly specs: readonly EndpointSpec[]; readonly plan: RunPlan; readonly share: Share};

/** What a measuring thread tells the coordinator. */
export type EngineThreadMessage =
	| {readonly type: 'event'; readonly event: RunEvent}
	/** Samples completed since the last batch; every sample it completed before `upToNs` has been sent. */
	| {readonly type: 'samples'; readonly samples: readonly Sample[]; readonly upToNs: bigint}
	/** Ready to send the endpoint's measured requests: waits for `go`. */
	| {readonly type: 'ready'; readonly endpoint: number}
	| {readonly type: 'done'; readonly result: RunResult};

/** `go`: measure the endpoint from originNs; `settled`: every thread has finished the endpoint. */
export type ToEngineThread = 'stop' | {readonly go: number; readonly originNs: bigint} | {readonly settled: number} | {readonly follow: LoadLevel};

/**
 * Spreads a run over `count` measuring threads, each with its own connections, its part of the load
 * and its own event loop, and hands the one stream of events a single engine would: the Recorder
 * (stats store, request CSV) cannot tell the difference. Samples are merged in completion order,
 * endpoints start together (from one instant) and end when every thread has finished them (the
 * next one's warm-up waits for that, as in one thread), the load is steered here and each thread
 * follows its part, and each thread's event loop is reported as its own (the self-check judges
 * every one).
 */
export function startThreadedRun(specs: readonly EndpointSpec[], plan: RunPlan, count: number): RunHandle {
	const load = loadOf(plan);
	const threads = Array.from({length: count}, (_, index) =>
		startWorker('engine-thread', import.meta.url, {workerData: {specs, plan, share: {index, of: count}} satisfies EngineThreadData}),
	);
	const send = (message: ToEngineThread) => {
		for (const thread of threads) thread.postMessage(message);
	};

	const listeners = new Set<RunListener>();
	const emit = (event: RunEvent) => {
		for (const listener of listeners) listener(event);
	};

	const runStartNs = nowNs();
	let runId = 0;
	const closedLoop = load.rate === undefined;
	const steering = new Steering(load.concurrency, load.rate, closedLoop ? count : 1);
	steering.onChange((level) => {
		emit({type: 'load', runId, level, atUs: elapsedUs(runStartNs, nowNs())});
		send({follow: level});
	});

	const merger = new CompletionOrder(count, (sample) => emit({type: 'sample', runId, sample}));
	const ready = new Map<number, number>();
	const finished = new Map<number, number>();
	const clientLoads = new Map<number, Map<number, ClientLoad>>();
	const finalLoads = new Map<number, Map<number, ClientLoad>>();
	const activeUs = new Map<number, number>();
	let interrupted = false;
	let stopped = false;

	const onEvent = (thread: number, event: RunEvent) => {
		switch (event.type) {
			case 'run-start':
			case 'endpoint-warmup':
			case 'probe':
				// The first thread speaks for all of them.
				if (thread !== 0) return;
				if (event.type === 'run-start') runId = event.runId;
				emit(event);
				return;
			case 'client-load': {
				const loads = (event.final ? finalLoads : clientLoads).get(event.endpoint) ?? new Map<number, ClientLoad>();
				loads.set(thread, event.load);
				(event.final ? finalLoads : clientLoads).set(event.endpoint, loads);
				if (!event.final) emit({...event, runId, load: acrossThreads([...loads.values()])});
				return;
			}

			case 'endpoint-done': {
				merger.pause(thread);
				if (event.activeUs !== undefined) activeUs.set(event.endpoint, Math.max(activeUs.get(event.endpoint) ?? 0, event.activeUs));
				const done = (finished.get(event.endpoint) ?? 0) + 1;
				finished.set(event.endpoint, done);
				if (done < count) return;
				send({settled: event.endpoint});
				merger.drain();
				const finals = finalLoads.get(event.endpoint);
				if (finals) emit({type: 'client-load', runId, endpoint: event.endpoint, load: acrossThreads([...finals.values()]), final: true});
				emit({type: 'endpoint-done', runId, endpoint: event.endpoint, activeUs: activeUs.get(event.endpoint)});
				return;
			}

			case 'run-end':
				interrupted ||= event.interrupted;
				return;
			default:
		}
	};

	const startTogether = (endpoint: number) => {
		const arrived = (ready.get(endpoint) ?? 0) + 1;
		ready.set(endpoint, arrived);
		if (arrived < count) return;
		const originNs = nowNs();
		merger.start(elapsedUs(runStartNs, originNs));
		// Interleaved endpoints are all measured at once.
		for (const index of plan.interleave ? specs.map((_, index) => index) : [endpoint])
			emit({type: 'endpoint-start', runId, endpoint: index, startNs: originNs});
		send({go: endpoint, originNs});
	};

	const results = threads.map(
		(thread, index) =>
			new Promise<RunResult>((resolve, reject) => {
				thread.on('message', (message: EngineThreadMessage) => {
					switch (message.type) {
						case 'samples':
							return merger.add(index, message.samples, elapsedUs(runStartNs, message.upToNs));
						case 'ready':
							return startTogether(message.endpoint);
						case 'event':
							return onEvent(index, message.event);
						case 'done':
							resolve(message.result);
							return void thread.terminate();
					}
				});
				thread.once('error', reject);
				thread.once('exit', (code) => reject(new Error(`measuring thread ${index + 1} of ${count} stopped (exit ${code})`)));
			}),
	);

	const done = (async (): Promise<RunResult> => {
		try {
			const ended = await Promise.all(results);
			merger.drain();
			emit({type: 'run-end', runId, interrupted: interrupted || stopped});
			const startedAt = new Date(Math.min(...ended.map((result) => result.startedAt.getTime())));
			return {runId, interrupted: interrupted || stopped, startedAt, finishedAt: new Date()};
		} catch (error) {
			await Promise.all(threads.map(async (thread) => thread.terminate()));
			throw error;
		}
	})();

	return {
		subscribe(listener) {
			listeners.add(listener);
			return () => listeners.delete(listener);
		},
		stop() {
			stopped = true;
			send('stop');
		},
		steer: (command) => {
			if (!stopped) steering.steer(command);
		},
		follow: (level) => steering.follow(level),
		done,
	};
}
