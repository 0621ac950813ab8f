import {type EventLoopUtilization, type IntervalHistogram, monitorEventLoopDelay, performance} from 'node:perf_hooks';

/** How busy the client itself (the engine's event loop) was over a span of a run. */
export type ClientLoad = {
	readonly spanMs: number;
	/** Share of the span the event loop was running callbacks rather than waiting for I/O, 0–1. */
	readonly loopUtilization: number;
	/** How late a timer due every 10 ms actually ran, ms: time a reply could wait before it is read. */
	readonly loopDelayMs: {readonly p50: number; readonly p99: number; readonly max: number};
	/** Several measuring threads (`--workers`): each one's load; the figures above are then the worst of them. */
	readonly threads?: readonly ClientLoad[];
};

/** Several measuring threads' loads as one: the worst figure of any, with each thread's kept to be judged on its own. */
export function acrossThreads(loads: readonly ClientLoad[]): ClientLoad {
	const worst = (pick: (load: ClientLoad) => number) => Math.max(...loads.map(pick));
	return {
		spanMs: worst((load) => load.spanMs),
		loopUtilization: worst((load) => load.loopUtilization),
		loopDelayMs: {p50: worst((load) => load.loopDelayMs.p50), p99: worst((load) => load.loopDelayMs.p99), max: worst((load) => load.loopDelayMs.max)},
		threads: loads,
	};
}

const resolutionMs = 10;

/**
 * Watches the event loop that times the requests: its utilisation, and how late it runs a
 * timer (Node's `monitorEventLoopDelay`). Both are ~free (one 10 ms timer). Made ahead of the span
 * it watches (making Node's first loop-delay histogram takes 1–3 ms), it watches from `start()`;
 * `window()` covers the time since the last window, `total()` everything since the start.
 */
export class ClientMonitor {
	private readonly overall = monitorEventLoopDelay({resolution: resolutionMs});
	private readonly recent = monitorEventLoopDelay({resolution: resolutionMs});
	private startedAt = 0;
	private startUse = performance.eventLoopUtilization();
	private windowAt = 0;
	private windowUse = this.startUse;

	/** From now. Only enabling here: resetting a fresh histogram touches all its pages (~0.2 ms each). */
	start(): this {
		this.overall.enable();
		this.recent.enable();
		this.startedAt = performance.now();
		this.startUse = performance.eventLoopUtilization();
		this.windowAt = this.startedAt;
		this.windowUse = this.startUse;
		return this;
	}

	window(): ClientLoad {
		const now = performance.now();
		const use = performance.eventLoopUtilization();
		const load = summarise(this.recent, now - this.windowAt, performance.eventLoopUtilization(use, this.windowUse));
		this.recent.reset();
		this.windowAt = now;
		this.windowUse = use;
		return load;
	}

	total(): ClientLoad {
		return summarise(this.overall, performance.now() - this.startedAt, performance.eventLoopUtilization(this.startUse));
	}

	stop(): void {
		this.overall.disable();
		this.recent.disable();
	}
}

function summarise(delays: IntervalHistogram, spanMs: number, use: EventLoopUtilization): ClientLoad {
	// The histogram holds whole intervals (≥ the 10 ms resolution); the delay is what exceeds it.
	const late = (ns: number) => (delays.count > 0 ? Math.max(0, ns / 1e6 - resolutionMs) : 0);
	return {
		spanMs,
		loopUtilization: use.utilization,
		loopDelayMs: {p50: late(delays.percentile(50)), p99: late(delays.percentile(99)), max: late(delays.max)},
	};
}
