import type {Sample} from '../engine/endpoint.js';
import type {Distribution} from './histogram.js';
import {Metric} from './metric.js';

/** Where a phase of a steered run began, and the load it was sent at. */
export type PhaseStart = {
	readonly phase: number;
	readonly concurrency: number;
	readonly rate?: number;
	/** Ms after the run started. */
	readonly atMs: number;
};

/** One endpoint's requests sent in one phase. Times in ms. */
export type PhaseStats = {
	readonly phase: number;
	readonly requests: number;
	readonly successful: number;
	readonly failed: number;
	/** Completed requests over the phase's span on this endpoint: first send to last reply. */
	readonly requestsPerSecond: number;
	readonly latency: Distribution | null;
	readonly ttft: Distribution | null;
};

/** Counts and the latency and TTFT histograms of the requests one endpoint sent in one phase. */
export class PhaseTally {
	private readonly phase: number;
	private requests = 0;
	private successful = 0;
	private firstSendUs = Number.POSITIVE_INFINITY;
	private lastEndUs = 0;
	private readonly latency = new Metric();
	private readonly ttft = new Metric();

	constructor(phase: number) {
		this.phase = phase;
	}

	record(sample: Sample): void {
		this.requests++;
		this.firstSendUs = Math.min(this.firstSendUs, sample.startOffsetUs);
		this.lastEndUs = Math.max(this.lastEndUs, sample.startOffsetUs + sample.durationUs);
		if (sample.outcome !== 'ok') return;
		this.successful++;
		this.latency.record(sample.durationUs);
		if (sample.ttftUs !== undefined) this.ttft.record(sample.ttftUs);
	}

	stats(): PhaseStats {
		const spanUs = this.lastEndUs - this.firstSendUs;
		return {
			phase: this.phase,
			requests: this.requests,
			successful: this.successful,
			failed: this.requests - this.successful,
			requestsPerSecond: spanUs > 0 ? this.requests / (spanUs / 1e6) : 0,
			latency: this.latency.optional(),
			ttft: this.ttft.optional(),
		};
	}
}
