import {performance} from 'node:perf_hooks';

/**
 * How long work that became ready now waits for the event loop: every few milliseconds, from a
 * timer, the time until a `setImmediate` runs — the rest of that turn of the loop, its ready I/O
 * callbacks included, as a reply arriving then would wait. Unlike a timer's lateness it is not
 * rounded to libuv's whole milliseconds, which alone make an idle loop's timer up to 1 ms late.
 */
export class LoopLag {
	private readonly lagsMs: number[] = [];
	private readonly timer: NodeJS.Timeout;

	constructor(everyMs = 5) {
		this.timer = setInterval(() => {
			const from = performance.now();
			setImmediate(() => this.lagsMs.push(performance.now() - from));
		}, everyMs);
		this.timer.unref();
	}

	/** Stops, and the p99 of what was seen, ms (0 when nothing was). */
	stop(): number {
		clearInterval(this.timer);
		const sorted = [...this.lagsMs].sort((a, b) => a - b);
		return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.ceil(0.99 * sorted.length) - 1)]!;
	}
}
