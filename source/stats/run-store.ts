import type {ServerNow} from './server-metrics.js';
import type {SecondSeries} from './time-series.js';
import type {Histogram} from 'hdr-histogram-js';
import type {RunEvent} from '../engine/events.js';
import {Accumulator, type EndpointStats, type MetricName} from './accumulator.js';
import type {ComparisonRow} from './comparison.js';
import type {LoadLevel} from '../engine/steering.js';
import type {PhaseStart} from './phase-tally.js';

/** Everything a screen or report needs, frozen at one instant. */
export type Snapshot = {
	readonly endpoints: readonly EndpointStats[];
	/** Index of the endpoint being measured, if any. */
	readonly current: number | null;
	readonly finished: boolean;
	readonly interrupted: boolean;
	/** A comparison while it runs: each endpoint against the first, as last judged (empty until then). */
	readonly comparison: readonly ComparisonRow[];
	/** The load now (steered by the console's keys), and where each phase began. */
	readonly load: LoadLevel;
	readonly phases: readonly PhaseStart[];
	/** `--metrics-url`: what each scraped server says now. */
	readonly server?: readonly ServerNow[];
};

export type Timers = {
	readonly setTimeout: (callback: () => void, ms: number) => unknown;
	readonly clearTimeout: (handle: unknown) => void;
};

const realTimers: Timers = {
	setTimeout: (callback, ms) => setTimeout(callback, ms),
	clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export const emptySnapshot: Snapshot = {
	endpoints: [],
	current: null,
	finished: false,
	interrupted: false,
	comparison: [],
	load: {concurrency: 1, paused: false, phase: 1},
	phases: [],
};

/** What the run was planned as: requests per endpoint when known, the duration of a timed run, its starting load. */
export type Planned = {readonly requests?: number; readonly durationMs?: number; readonly concurrency?: number; readonly rate?: number};

/**
 * Turns run events into immutable Snapshots for subscribers (the console, the headless
 * progress line). Samples mark it dirty; subscribers hear at most once per `intervalMs`,
 * and never while nothing happens, so drawing cannot slow the engine.
 */
export class RunStore {
	private accumulators: Accumulator[] = [];
	private readonly planned: Planned;
	private load: LoadLevel;
	private phases: PhaseStart[];
	private snapshot: Snapshot = emptySnapshot;
	private current: number | null = null;
	private finished = false;
	private interrupted = false;
	private comparison: readonly ComparisonRow[] = [];
	private server: readonly ServerNow[] | undefined;
	private pending: unknown;
	private readonly listeners = new Set<() => void>();

	private readonly intervalMs: number;
	private readonly timers: Timers;

	constructor(planned: Planned, intervalMs = 66, timers: Timers = realTimers) {
		this.planned = planned;
		this.load = {concurrency: planned.concurrency ?? 1, rate: planned.rate, paused: false, phase: 1};
		this.phases = [{phase: 1, concurrency: this.load.concurrency, rate: planned.rate, atMs: 0}];
		this.intervalMs = intervalMs;
		this.timers = timers;
	}

	readonly handle = (event: RunEvent): void => {
		switch (event.type) {
			case 'sample':
				this.accumulators[event.sample.endpoint]?.record(event.sample);
				this.schedule();
				return;
			case 'run-start':
				this.accumulators = event.endpoints.map((info, index) => new Accumulator(index, info, this.planned.requests, this.planned.durationMs));
				break;
			case 'probe':
				this.accumulators[event.sample.endpoint]?.recordProbe(event.sample);
				this.schedule();
				return;
			case 'endpoint-warmup':
				this.accumulators[event.endpoint]?.warmUp();
				this.current = event.endpoint;
				break;
			case 'endpoint-start':
				// From the instant the run's deadline counts from, not this event's handling a moment later.
				this.accumulators[event.endpoint]?.start(event.startNs);
				this.current = event.endpoint;
				break;
			case 'client-load':
				this.accumulators[event.endpoint]?.recordClientLoad(event.load);
				this.schedule();
				return;
			case 'endpoint-done':
				this.accumulators[event.endpoint]?.finish(undefined, event.activeUs);
				this.current = null;
				break;
			case 'load':
				this.load = event.level;
				if (!this.phases.some((phase) => phase.phase === event.level.phase)) {
					const {phase, concurrency, rate} = event.level;
					this.phases = [...this.phases, {phase, concurrency, rate, atMs: event.atUs / 1000}];
				}

				break;
			case 'run-end':
				this.finished = true;
				this.interrupted = event.interrupted;
				break;
		}

		this.flush();
	};

	readonly subscribe = (listener: () => void): (() => void) => {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	};

	/** Each endpoint's latency and TTFT histograms, for comparisons against the first endpoint. */
	comparable(): Array<{name: string; latency?: Histogram; ttft?: Histogram}> {
		return this.accumulators.map((accumulator) => ({
			name: accumulator.info.name,
			latency: accumulator.histogram('latency'),
			ttft: accumulator.histogram('ttft'),
		}));
	}

	/** What the scraped servers say now (session/'s scraper); shown from the next snapshot on. */
	setServer(now: readonly ServerNow[]): void {
		this.server = now;
		this.schedule();
	}

	/** The live comparison, judged by whoever can (session/); shown from the next snapshot on. */
	setComparison(rows: readonly ComparisonRow[]): void {
		this.comparison = rows;
		this.schedule();
	}

	/** One endpoint's live histogram of one metric (read-only use: judging differences). */
	readonly histogramOf = (endpoint: number, metric: MetricName): Histogram | undefined => this.accumulators[endpoint]?.histogram(metric);

	/** Each endpoint's histograms, encoded, in endpoint order: for the JSON summary at the end. */
	/** Each endpoint's run second by second. */
	secondSeries(): SecondSeries[] {
		return this.accumulators.map((accumulator) => accumulator.secondSeries());
	}

	encodedHistograms(): Array<Partial<Record<MetricName, string>>> {
		return this.accumulators.map((accumulator) => accumulator.encodedHistograms());
	}

	/** Stable between notifications, as useSyncExternalStore requires. */
	readonly getSnapshot = (): Snapshot => this.snapshot;

	/** Builds a fresh snapshot now and tells subscribers. */
	flush(): void {
		if (this.pending !== undefined) {
			this.timers.clearTimeout(this.pending);
			this.pending = undefined;
		}

		this.snapshot = {
			endpoints: this.accumulators.map((accumulator) => accumulator.stats()),
			current: this.current,
			finished: this.finished,
			interrupted: this.interrupted,
			comparison: this.comparison,
			load: this.load,
			phases: this.phases,
			...(this.server ? {server: this.server} : {}),
		};
		for (const listener of this.listeners) listener();
	}

	private schedule(): void {
		if (this.pending !== undefined) return;
		this.pending = this.timers.setTimeout(() => {
			this.pending = undefined;
			this.flush();
		}, this.intervalMs);
	}
}
