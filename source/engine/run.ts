import type {RunEvent, RunListener} from '../events.js';
import type {Endpoint} from '../targets/types.js';
import {elapsedUs, nowNs} from './clock.js';

export type LoadSettings = {
	/** Requests per endpoint. */
	readonly requests: number;
	/** Requests in flight per endpoint. */
	readonly concurrency: number;
};

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
	readonly done: Promise<RunResult>;
};

let lastRunId = 0;

/**
 * Runs the endpoints one after another, each with `concurrency` workers pulling sequence
 * numbers until `requests` have been sent. Emits every Sample as it completes.
 * Requests cut short by `stop()` are not results and are not emitted.
 */
export function startRun(endpoints: readonly Endpoint[], load: LoadSettings, external?: AbortSignal): RunHandle {
	const runId = ++lastRunId;
	const controller = new AbortController();
	const {signal} = controller;
	if (external) {
		if (external.aborted) controller.abort();
		else external.addEventListener('abort', () => controller.abort(), {once: true});
	}

	const listeners = new Set<RunListener>();
	const emit = (event: RunEvent) => {
		for (const listener of listeners) listener(event);
	};

	const run = async (): Promise<RunResult> => {
		// Let callers subscribe before the first event.
		await Promise.resolve();
		const startedAt = new Date();
		emit({type: 'run-start', runId, endpoints: endpoints.map((endpoint) => endpoint.info)});
		for (const [index, endpoint] of endpoints.entries()) {
			if (signal.aborted) break;
			emit({type: 'endpoint-start', runId, endpoint: index});
			await runEndpoint(index, endpoint, load, signal, (sample) => emit({type: 'sample', runId, sample}));
			emit({type: 'endpoint-done', runId, endpoint: index});
		}

		const interrupted = signal.aborted;
		emit({type: 'run-end', runId, interrupted});
		await Promise.all(endpoints.map(async (endpoint) => endpoint.close()));
		return {runId, interrupted, startedAt, finishedAt: new Date()};
	};

	return {
		subscribe(listener) {
			listeners.add(listener);
			return () => listeners.delete(listener);
		},
		stop: () => controller.abort(),
		done: run(),
	};
}

type SampleSink = (sample: import('../targets/types.js').Sample) => void;

async function runEndpoint(index: number, endpoint: Endpoint, load: LoadSettings, signal: AbortSignal, sink: SampleSink): Promise<void> {
	const startNs = nowNs();
	let next = 0;
	const worker = async () => {
		const client = endpoint.createWorker();
		try {
			while (next < load.requests && !signal.aborted) {
				const seq = next++;
				const measurement = await client.execute(signal);
				if (signal.aborted && measurement.outcome === 'aborted') break;
				const {startedNs, ...rest} = measurement;
				sink({...rest, endpoint: index, seq, startOffsetUs: elapsedUs(startNs, startedNs)});
			}
		} finally {
			client.close();
		}
	};

	const workers = Math.max(1, Math.min(load.concurrency, load.requests));
	await Promise.all(Array.from({length: workers}, worker));
}
