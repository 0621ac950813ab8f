import {nowNs} from './clock.js';

/** What a key press asks of a running load. */
export type SteerCommand = 'toggle-pause' | 'more' | 'less';

/** The load a phase of a run was sent at. */
export type LoadLevel = {
	/** Requests in flight per endpoint (closed loop), or the cap on them (open loop). */
	readonly concurrency: number;
	/** Open loop: requests per second per endpoint. */
	readonly rate?: number;
	readonly paused: boolean;
	/** 1 at the start; each change that sends again (more, less, resume) starts the next. */
	readonly phase: number;
};

/** Requests in flight per endpoint that steering may raise a closed loop to (transports open connections up to it, as needed). */
export const maxSteeredConcurrency = 1024;

/** The next step up or down: doubling and halving, as a capacity search steps, never below 1 (or 0.1/s). */
export const stepUp = (value: number, ceiling = Number.POSITIVE_INFINITY): number => Math.min(ceiling, value * 2);
export const stepDown = (value: number, floor: number): number => Math.max(floor, value / 2);

/**
 * The load of a run while it runs: concurrency (closed loop) or rate (open loop), paused or not.
 * The schedulers read it before every send, so a change takes effect at the next request; requests
 * in flight when it pauses are left to finish. Paused time is left out of a `--duration`.
 */
export class Steering {
	private current: LoadLevel;
	private pausedSince: bigint | undefined;
	private pausedTotalNs = 0n;
	private resumeWaiters: Array<() => void> = [];
	private changes = new AbortController();
	private readonly listeners = new Set<(level: LoadLevel) => void>();

	/** The fewest connections `less` goes down to: one per measuring thread. */
	private readonly floor: number;

	constructor(concurrency: number, rate?: number, floor = 1) {
		this.current = {concurrency, rate, paused: false, phase: 1};
		this.floor = floor;
	}

	get level(): LoadLevel {
		return this.current;
	}

	/** Aborted at the next change: a scheduler sleeping until its next send wakes up to reschedule. */
	get changed(): AbortSignal {
		return this.changes.signal;
	}

	/** Time spent paused so far (a pause still going counts up to now). */
	pausedNs(): bigint {
		return this.pausedTotalNs + (this.pausedSince === undefined ? 0n : nowNs() - this.pausedSince);
	}

	/** Resolves at once unless paused; else when resumed or `signal` aborts. */
	async whilePaused(signal: AbortSignal): Promise<void> {
		if (!this.current.paused || signal.aborted) return;
		await new Promise<void>((resolve) => {
			const done = () => {
				signal.removeEventListener('abort', done);
				resolve();
			};

			this.resumeWaiters.push(done);
			signal.addEventListener('abort', done, {once: true});
		});
	}

	/** Hears every change, with the level after it; returns the unsubscribe function. */
	onChange(listener: (level: LoadLevel) => void): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	steer(command: SteerCommand): void {
		const {concurrency, rate, paused, phase} = this.current;
		if (command === 'toggle-pause') {
			this.follow(paused ? {concurrency, rate, paused: false, phase: phase + 1} : {...this.current, paused: true});
			return;
		}

		const up = command === 'more';
		const next =
			rate === undefined
				? {
						concurrency: up ? stepUp(concurrency, Math.max(concurrency, maxSteeredConcurrency)) : stepDown(concurrency, this.floor),
						rate,
					}
				: {concurrency, rate: up ? stepUp(rate) : stepDown(rate, 0.1)};
		if (next.concurrency === concurrency && next.rate === rate) return;
		// A change made while paused shows at once, and its phase starts when sending resumes.
		this.follow({...next, paused, phase: paused ? phase : phase + 1});
	}

	/** Takes a level decided elsewhere (the run's own steering, for one of several measuring threads). */
	follow(level: LoadLevel): void {
		if (level.paused && !this.current.paused) this.pausedSince = nowNs();
		const resumed = !level.paused && this.current.paused;
		if (resumed) {
			this.pausedTotalNs += nowNs() - (this.pausedSince ?? nowNs());
			this.pausedSince = undefined;
		}

		this.current = level;
		const changes = this.changes;
		this.changes = new AbortController();
		changes.abort();
		for (const listener of this.listeners) listener(level);
		if (resumed) for (const resume of this.resumeWaiters.splice(0)) resume();
	}
}

/**
 * Closed loop with a steerable number of loops: runs `loop(id)` for ids below the concurrency
 * (and `cap`), more as it rises; a loop whose id is no longer below it retires after its request.
 * Resolves when every loop has returned.
 */
export async function steeredLoops(steering: Steering, cap: number, loop: (id: number) => Promise<void>): Promise<void> {
	const running = new Map<number, Promise<void>>();
	const grow = () => {
		const count = Math.max(1, Math.min(steering.level.concurrency, cap));
		for (let id = 0; id < count; id++) {
			if (running.has(id)) continue;
			running.set(
				id,
				loop(id).finally(() => running.delete(id)),
			);
		}
	};

	grow();
	const stopListening = steering.onChange(grow);
	try {
		while (running.size > 0) await Promise.all(running.values());
	} finally {
		stopListening();
	}
}
