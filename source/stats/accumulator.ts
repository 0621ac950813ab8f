import {elapsedUs, nowNs} from '../engine/clock.js';
import type {EndpointInfo, Sample} from '../targets/types.js';
import type {Distribution} from './histogram.js';
import {Metric} from './metric.js';
import {Series} from './series.js';

export type EndpointState = 'pending' | 'running' | 'done';

export type TokenStats = {
	readonly total: number;
	/** Output tokens per second over the endpoint's wall time. */
	readonly perSecond: number;
	/** True when any count came from counting content events instead of usage. */
	readonly estimated: boolean;
};

/** Immutable statistics of one endpoint at one instant. */
export type EndpointStats = {
	readonly index: number;
	readonly info: EndpointInfo;
	readonly state: EndpointState;
	readonly planned: number;
	/** Completed requests, successful or not. */
	readonly requests: number;
	readonly successful: number;
	readonly failed: number;
	readonly errors: Readonly<Record<string, number>>;
	readonly elapsedMs: number;
	readonly requestsPerSecond: number;
	/** Successful requests only, as the original computed them. */
	readonly latency: Distribution;
	readonly ttfb: Distribution | null;
	readonly ttft: Distribution | null;
	readonly interToken: Distribution | null;
	readonly outputTokens: TokenStats | null;
	/** Recent successful latencies and TTFTs, ms, oldest first, for sparklines. */
	readonly recentLatency: readonly number[];
	readonly recentTtft: readonly number[];
};

/** Records one endpoint's Samples into HDR histograms and counters; memory does not grow with requests. */
export class Accumulator {
	private state: EndpointState = 'pending';
	private startNs = 0n;
	private endNs = 0n;
	private requests = 0;
	private successful = 0;
	private readonly errors = new Map<string, number>();
	private readonly latency = new Metric();
	private readonly ttfb = new Metric();
	private readonly ttft = new Metric();
	private readonly interToken = new Metric();
	private outputTokens = 0;
	private tokenCounts = 0;
	private tokensEstimated = false;
	private readonly recentLatency = new Series();
	private readonly recentTtft = new Series();
	/** Stats of a finished or pending endpoint do not change until something is recorded. */
	private cached: EndpointStats | undefined;

	readonly index: number;
	readonly info: EndpointInfo;
	readonly planned: number;

	constructor(index: number, info: EndpointInfo, planned: number) {
		this.index = index;
		this.info = info;
		this.planned = planned;
	}

	start(now = nowNs()): void {
		this.cached = undefined;
		this.state = 'running';
		this.startNs = now;
	}

	finish(now = nowNs()): void {
		this.cached = undefined;
		this.state = 'done';
		this.endNs = now;
	}

	record(sample: Sample): void {
		this.cached = undefined;
		this.requests++;
		if (sample.outcome !== 'ok') {
			this.errors.set(sample.outcome, (this.errors.get(sample.outcome) ?? 0) + 1);
			return;
		}

		this.successful++;
		this.latency.record(sample.durationUs);
		this.recentLatency.push(sample.durationUs / 1000);
		if (sample.ttfbUs !== undefined) this.ttfb.record(sample.ttfbUs);
		if (sample.ttftUs !== undefined) {
			this.ttft.record(sample.ttftUs);
			this.recentTtft.push(sample.ttftUs / 1000);
		}

		if (sample.interTokenGapsUs) for (const gap of sample.interTokenGapsUs) this.interToken.record(gap);
		if (sample.tokens) {
			this.outputTokens += sample.tokens.output;
			this.tokenCounts++;
			if (sample.tokens.estimated) this.tokensEstimated = true;
		}
	}

	stats(now = nowNs()): EndpointStats {
		if (this.cached) return this.cached;
		const stats = this.compute(now);
		if (this.state !== 'running') this.cached = stats;
		return stats;
	}

	private compute(now: bigint): EndpointStats {
		const end = this.state === 'done' ? this.endNs : this.state === 'running' ? now : this.startNs;
		const elapsedMs = this.state === 'pending' ? 0 : elapsedUs(this.startNs, end) / 1000;
		const seconds = elapsedMs / 1000;
		const optional = (metric: Metric) => (metric.count > 0 ? metric.distribution() : null);
		return {
			index: this.index,
			info: this.info,
			state: this.state,
			planned: this.planned,
			requests: this.requests,
			successful: this.successful,
			failed: this.requests - this.successful,
			errors: Object.fromEntries(this.errors),
			elapsedMs,
			requestsPerSecond: seconds > 0 ? this.requests / seconds : 0,
			latency: this.latency.distribution(),
			ttfb: optional(this.ttfb),
			ttft: optional(this.ttft),
			interToken: optional(this.interToken),
			outputTokens:
				this.tokenCounts > 0
					? {total: this.outputTokens, perSecond: seconds > 0 ? this.outputTokens / seconds : 0, estimated: this.tokensEstimated}
					: null,
			recentLatency: this.recentLatency.toArray(),
			recentTtft: this.recentTtft.toArray(),
		};
	}
}
