import {startWorker} from '../engine/start-worker.js';
import type {SteerCommand} from '../engine/steering.js';
import type {MeasureOptions} from './measure.js';
import type {Saved} from './recorder.js';
import type {SessionResult, SnapshotSource} from './session-types.js';
import {emptySnapshot, type Snapshot} from '../stats/run-store.js';

/** What the measuring thread is started with: everything it measures and records. */
export type SessionThreadData = MeasureOptions;

export type ThreadMessage =
	| {readonly type: 'ready'}
	| {readonly type: 'snapshot'; readonly snapshot: Snapshot}
	| {readonly type: 'saved'; readonly saved: Saved}
	| {readonly type: 'done'; readonly outcome: SessionResult};

/** What the console asks of the measuring thread besides 'stop' and 'save-now'. */
export type SteerMessage = {readonly steer: SteerCommand};

export type SessionThread = {
	readonly store: SnapshotSource;
	readonly stop: () => void;
	readonly steer: (command: SteerCommand) => void;
	/** Saves what is complete now; resolves with the files written (none if the thread does not answer in time). */
	readonly saveNow: () => Promise<readonly string[]>;
	readonly done: Promise<SessionResult>;
};

/** The latest snapshot from the measuring thread, for `useSyncExternalStore`. */
class SnapshotMirror implements SnapshotSource {
	private snapshot: Snapshot = emptySnapshot;
	private readonly listeners = new Set<() => void>();

	readonly subscribe = (listener: () => void): (() => void) => {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	};

	readonly getSnapshot = (): Snapshot => this.snapshot;

	set(snapshot: Snapshot): void {
		this.snapshot = snapshot;
		for (const listener of this.listeners) listener();
	}
}

const saveNowTimeoutMs = 3000;

/**
 * Runs the measuring half of a session in a worker thread, for the console: drawing a frame
 * blocks the main thread for milliseconds, and replies arriving meanwhile would be time-stamped
 * late. Only snapshots (at most one a frame) and the results cross threads, never Samples:
 * cloning 30,000 Samples a second cost the measuring thread ~10 % of its CPU. Resolves once the
 * thread is measuring.
 */
export async function startSessionThread(data: SessionThreadData): Promise<SessionThread> {
	const worker = startWorker('session-worker', import.meta.url, {workerData: data});
	const mirror = new SnapshotMirror();
	const waitingForSave = new Set<(written: readonly string[]) => void>();
	let finished: SessionResult | undefined;
	let ready: () => void = () => {};
	const started = new Promise<void>((resolve) => {
		ready = resolve;
	});
	const done = new Promise<SessionResult>((resolve, reject) => {
		worker.on('message', (message: ThreadMessage) => {
			switch (message.type) {
				case 'ready':
					return ready();
				case 'snapshot':
					return mirror.set(message.snapshot);
				case 'saved':
					mirror.set(message.saved.snapshot);
					for (const resolveSave of waitingForSave) resolveSave(message.saved.written);
					return waitingForSave.clear();
				case 'done':
					finished = message.outcome;
					for (const resolveSave of waitingForSave) resolveSave(finished.written);
					waitingForSave.clear();
					mirror.set(message.outcome.snapshot);
					resolve(message.outcome);
					return void worker.terminate();
			}
		});
		worker.once('error', reject);
		worker.once('exit', (code) => reject(new Error(`the measuring thread stopped (exit ${code})`)));
	});
	await Promise.race([started, done]);
	return {
		store: mirror,
		stop: () => worker.postMessage('stop'),
		steer: (command) => worker.postMessage({steer: command} satisfies SteerMessage),
		saveNow: () =>
			new Promise((resolve) => {
				// The run may have ended (and the thread with it) between the signal and now: its files are saved.
				if (finished) return resolve(finished.written);
				const timer = setTimeout(() => resolve([]), saveNowTimeoutMs);
				waitingForSave.add((written) => {
					clearTimeout(timer);
					resolve(written);
				});
				worker.postMessage('save-now');
			}),
		done,
	};
}
