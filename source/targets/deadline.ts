import type {ErrorKind} from '../engine/errors.js';
import {nowNs} from '../engine/clock.js';

/**
 * Cuts a worker's request short when it outlives `timeoutMs` ('timeout') or when the run
 * stops ('aborted'). A worker runs one request at a time, so one guard per worker serves all
 * its requests: the AbortController is replaced only after it fired, and one timer checks the
 * request in flight when it fires, then waits for the rest of that request's time: once per
 * timeout, not once per request (re-arming a timer on every request was ~1 % of the client's CPU
 * at 15,000 pings a second). Per request this allocates nothing — it is on the hot path.
 */
export class RequestGuard {
	private controller = new AbortController();
	private kind: ErrorKind | 'cancelled' | undefined;
	private startedNs = 0n;
	private inFlight = false;
	private watched: AbortSignal | undefined;
	private readonly timeoutNs: bigint;
	/** Set while armed: from a request's start, or for the rest of a later request's time. */
	private timer: NodeJS.Timeout | undefined;

	/** Called when a request is cut short, for clients that take no AbortSignal (WebSocket). */
	onAbort: (() => void) | undefined;

	constructor(timeoutMs: number) {
		this.timeoutNs = BigInt(Math.round(timeoutMs * 1e6));
	}

	/** Call just before a request; returns the signal to pass to the client. */
	begin(runSignal: AbortSignal): AbortSignal {
		if (this.watched !== runSignal) {
			this.watched = runSignal;
			runSignal.addEventListener('abort', () => this.abort('aborted'), {once: true});
		}

		if (this.controller.signal.aborted) this.renew();
		this.kind = runSignal.aborted ? 'aborted' : undefined;
		if (this.kind) this.controller.abort();
		this.inFlight = true;
		this.startedNs = nowNs();
		if (this.timer === undefined && this.timeoutNs > 0n) this.arm(this.timeoutNs);
		return this.controller.signal;
	}

	/** Gives the request in flight up on purpose, as a user stopping a generation (`--cancel-rate`). */
	cancel(): void {
		this.abort('cancelled');
	}

	/** Call when the request is over; the kind is set when it was cut short. */
	end(): ErrorKind | 'cancelled' | undefined {
		this.inFlight = false;
		return this.kind;
	}

	close(): void {
		clearTimeout(this.timer);
		this.timer = undefined;
	}

	private arm(afterNs: bigint): void {
		this.timer = setTimeout(() => this.check(), Number(afterNs) / 1e6);
		// Not a reason to keep the process alive on its own.
		this.timer.unref();
	}

	private renew(): void {
		this.controller = new AbortController();
	}

	private abort(kind: ErrorKind | 'cancelled'): void {
		if (!this.inFlight || this.kind) return;
		this.kind = kind;
		this.controller.abort();
		this.onAbort?.();
	}

	private check(): void {
		this.timer = undefined;
		// Idle: the next request arms it from its own start.
		if (!this.inFlight) return;
		const elapsed = nowNs() - this.startedNs;
		// Timers count whole milliseconds and may fire a hair before the monotonic clock agrees.
		if (elapsed + 2_000_000n >= this.timeoutNs) this.abort('timeout');
		// Started after the timer was armed: wait for the rest of this request's time.
		else this.arm(this.timeoutNs - elapsed);
	}
}
