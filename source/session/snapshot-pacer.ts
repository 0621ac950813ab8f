import type {Snapshot} from '../stats/run-store.js';

/** The measuring thread's loop busy this share of the last second: the screen should step aside. */
export const busyUtilization = 0.8;
/** Frames while the measuring thread is busy: 1 a second instead of the usual 10 (as k6 and oha's quiet modes). */
export const busyIntervalMs = 1000;

/**
 * Decides when the measuring thread sends the screen a snapshot. Normally every one the store
 * makes (at most one a frame); while the measuring thread's own loop is busy, at most one a
 * second, because on a small machine every frame drawn is CPU the measurement needs. A change
 * of endpoint or of load, or the end of the run, is sent at once; a skipped snapshot is sent late, never lost.
 */
export class SnapshotPacer {
	/** Until the first second's figures say otherwise: a run starts with both threads compiling and warming up. */
	busy = true;
	private lastSentAt = Number.NEGATIVE_INFINITY;
	private lastCurrent: number | null | undefined;
	private lastLoad: Snapshot['load'] | undefined;
	private trailing: NodeJS.Timeout | undefined;
	private readonly send: () => void;
	private readonly now: () => number;

	constructor(send: () => void, now: () => number = () => performance.now()) {
		this.send = send;
		this.now = now;
	}

	offer(snapshot: Snapshot): void {
		// A key steering the load should show at once, as a change of endpoint does.
		const changed = snapshot.finished || snapshot.current !== this.lastCurrent || snapshot.load !== this.lastLoad;
		this.lastCurrent = snapshot.current;
		this.lastLoad = snapshot.load;
		const wait = this.busy && !changed ? this.lastSentAt + busyIntervalMs - this.now() : 0;
		if (wait <= 0) return this.sendNow();
		this.trailing ??= setTimeout(() => this.sendNow(), wait);
	}

	private sendNow(): void {
		if (this.trailing) clearTimeout(this.trailing);
		this.trailing = undefined;
		this.lastSentAt = this.now();
		this.send();
	}
}
