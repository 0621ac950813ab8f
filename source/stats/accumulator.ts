import type {Histogram} from 'hdr-histogram-js';
import {encodeHistogram} from './histogram.js';
import {TurnTally} from './turn-tally.js';
import type {ClientLoad} from '../engine/client-load.js';
import {elapsedUs, nowNs} from '../engine/clock.js';
import {sanitize} from '../engine/sanitize.js';
import type {EndpointInfo, Sample} from '../engine/endpoint.js';
import type {EndpointStats, EndpointState, TokenStats} from './endpoint-stats.js';
import {cacheStats} from './endpoint-stats.js';
import {Metric} from './metric.js';
import {selfCheckOf} from './self-check.js';
import {bucketsOf} from './buckets.js';
import {PhaseTally} from './phase-tally.js';
import {Throughput} from './throughput.js';
import {type SecondSeries, TimeSeries} from './time-series.js';
import {Series} from './series.js';
import {streamShape} from './stream-metrics.js';
import {countFidelity, emptyFidelity} from './fidelity.js';

export type {EndpointState, EndpointStats, TokenStats} from './endpoint-stats.js';

/** Names of the histograms an endpoint keeps (and writes to JSON). */
export type MetricName =
	| 'latency'
	| 'corrected'
	| 'correctedTtft'
	| 'ttfb'
	| 'ttft'
	| 'ttfa'
	| 'interToken'
	| 'tpot'
	| 'stall'
	| 'tail'
	| 'tokensPerSecond'
	| 'probe'
	| 'overhead'
	| 'connect'
	| 'tls';

/** Characters kept of an error kind's sample message. */
const maxErrorSample = 200;

/** A request sent this much after it was due counts as the client falling behind its schedule. */
export const behindThresholdUs = 2000;

/** Records one endpoint's Samples into HDR histograms and counters; memory does not grow with requests. */
export class Accumulator {
	readonly index: number;
	readonly info: EndpointInfo;
	readonly planned: number | undefined;
	readonly plannedDurationMs: number | undefined;
	private state: EndpointState = 'pending';
	private startNs = 0n;
	private activeUs: number | undefined;
	private endNs = 0n;
	private requests = 0;
	private successful = 0;
	private retried = 0;
	/** Given up on purpose (`--cancel-rate`): sums, null until the first. */
	private cancelled: {requests: number; totalMs: number; outputTokens: number} | null = null;
	/** `--turns`: first turns apart from later ones (made at the first turn seen). */
	private turns: TurnTally | undefined;
	/** Requests that opened a connection of their own. */
	private opened = 0;
	private readonly errors = new Map<string, number>();
	private readonly errorSamples = new Map<string, string>();
	private readonly fidelity = emptyFidelity();
	private readonly metrics: Record<MetricName, Metric> = {
		latency: new Metric(),
		corrected: new Metric(),
		// Rate mode: time to first token from the scheduled send.
		correctedTtft: new Metric(),
		ttfb: new Metric(),
		ttft: new Metric(),
		ttfa: new Metric(),
		interToken: new Metric(),
		tpot: new Metric(),
		stall: new Metric(),
		tail: new Metric(),
		// Tokens per second × 1000, so that the µs→ms conversion of a Distribution yields tokens/s.
		tokensPerSecond: new Metric(),
		probe: new Metric(),
		overhead: new Metric(),
		// Requests that opened their connection: TCP (or proxy tunnel) connect, and TLS handshake.
		connect: new Metric(),
		tls: new Metric(),
	};

	private readonly tokens = {
		output: 0,
		input: 0,
		cacheRead: 0,
		cacheWrite: 0,
		cacheReported: 0,
		reasoning: 0,
		reasoningReported: 0,
		fromUsage: 0,
		counted: 0,
		mismatches: 0,
	};
	private readonly schedule = {behind: 0, maxLagUs: 0, sends: 0, clientLate: 0, clientMaxLagUs: 0};
	private client: ClientLoad | undefined;
	/** First and last send offsets, µs: the window over which requests were sent. */
	private readonly sent = {first: Number.POSITIVE_INFINITY, last: 0};
	private probeFailed = 0;
	private rateLimit: Readonly<Record<string, string>> | undefined;
	private readonly recentLatency = new Series();
	private readonly recentTtft = new Series();
	private readonly recentItl = new Series();
	private readonly throughput = new Throughput();
	private readonly series = new TimeSeries();
	private readonly phaseTallies = new Map<number, PhaseTally>();
	/** Successful requests before the first success of each phase after the first: where charts mark a change of load. */
	private readonly phaseStarts: number[] = [];
	private latestPhase = 1;
	/** Stats of a finished or pending endpoint do not change until something is recorded. */
	private cached: EndpointStats | undefined;

	constructor(index: number, info: EndpointInfo, planned: number | undefined, plannedDurationMs?: number) {
		this.index = index;
		this.info = info;
		this.planned = planned;
		this.plannedDurationMs = plannedDurationMs;
	}

	warmUp(): void {
		this.cached = undefined;
		this.state = 'warmup';
	}

	start(now = nowNs()): void {
		this.cached = undefined;
		this.state = 'running';
		this.startNs = now;
	}

	/** `activeUs`: the time this endpoint had requests in flight, when it shared its wall time with others (interleaved). */
	finish(now = nowNs(), activeUs?: number): void {
		this.cached = undefined;
		this.state = 'done';
		this.endNs = now;
		this.activeUs = activeUs;
	}

	record(sample: Sample): void {
		this.cached = undefined;
		this.requests++;
		if (sample.startOffsetUs < this.sent.first) this.sent.first = sample.startOffsetUs;
		if (sample.startOffsetUs > this.sent.last) this.sent.last = sample.startOffsetUs;
		if (sample.rateLimit) this.rateLimit = sample.rateLimit;
		if (sample.scheduleLagUs !== undefined) this.recordLag(sample.scheduleLagUs, sample.workerWaitUs ?? 0);
		if (sample.retried) this.retried++;
		if (sample.connection && !sample.connection.reused) {
			this.opened++;
			if (sample.connection.connectUs !== undefined) this.metrics.connect.record(sample.connection.connectUs);
			if (sample.connection.tlsUs !== undefined) this.metrics.tls.record(sample.connection.tlsUs);
		}

		if (sample.outcome === 'cancelled') {
			this.cancelled ??= {requests: 0, totalMs: 0, outputTokens: 0};
			this.cancelled.requests++;
			this.cancelled.totalMs += sample.durationUs / 1000;
			this.cancelled.outputTokens += sample.tokens?.output ?? 0;
			return;
		}

		const phase = sample.phase ?? 1;
		this.tallyOf(phase).record(sample);
		countFidelity(this.fidelity, sample);
		this.throughput.record(sample.startOffsetUs + sample.durationUs);
		this.series.record(sample.startOffsetUs, sample.durationUs, sample.outcome === 'ok');
		if (sample.outcome !== 'ok') {
			this.errors.set(sample.outcome, (this.errors.get(sample.outcome) ?? 0) + 1);
			if (sample.error && !this.errorSamples.has(sample.outcome)) this.errorSamples.set(sample.outcome, sanitize(sample.error, maxErrorSample));
			return;
		}

		if (phase > this.latestPhase) {
			this.latestPhase = phase;
			this.phaseStarts.push(this.successful);
		}

		this.successful++;
		if (sample.turn !== undefined) (this.turns ??= new TurnTally()).record(sample);
		const {metrics} = this;
		if (sample.server?.overheadMs !== undefined) metrics.overhead.record(sample.server.overheadMs * 1000);
		metrics.latency.record(sample.durationUs);
		if (sample.scheduleLagUs !== undefined) metrics.corrected.record(sample.durationUs + sample.scheduleLagUs);
		this.recentLatency.push(sample.durationUs / 1000);
		if (sample.ttfbUs !== undefined) metrics.ttfb.record(sample.ttfbUs);
		if (sample.ttftUs !== undefined) {
			metrics.ttft.record(sample.ttftUs);
			if (sample.scheduleLagUs !== undefined) metrics.correctedTtft.record(sample.ttftUs + sample.scheduleLagUs);
			this.recentTtft.push(sample.ttftUs / 1000);
		}

		if (sample.ttfaUs !== undefined) metrics.ttfa.record(sample.ttfaUs);

		if (sample.interTokenGapsUs) for (const gap of sample.interTokenGapsUs) metrics.interToken.record(gap);
		const shape = streamShape(sample);
		if (shape) {
			if (shape.tpotUs !== undefined) {
				metrics.tpot.record(shape.tpotUs);
				this.recentItl.push(shape.tpotUs / 1000);
			}

			if (shape.longestStallUs !== undefined) metrics.stall.record(shape.longestStallUs);
			metrics.tail.record(shape.tailUs);
			if (shape.tokensPerSecond !== undefined) metrics.tokensPerSecond.record(shape.tokensPerSecond * 1000);
		}

		this.recordTokens(sample);
	}

	private tallyOf(phase: number): PhaseTally {
		let tally = this.phaseTallies.get(phase);
		if (!tally) {
			tally = new PhaseTally(phase);
			this.phaseTallies.set(phase, tally);
		}

		return tally;
	}

	/**
	 * Every non-empty histogram, compressed and base64-encoded (HdrHistogram's interchange
	 * format), so runs from several machines can be merged exactly later.
	 */
	/** The run second by second, for the JSON (not in snapshots: it grows with the run). */
	secondSeries(): SecondSeries {
		return this.series.toJSON();
	}

	encodedHistograms(): Partial<Record<MetricName, string>> {
		const encoded: Partial<Record<MetricName, string>> = {};
		for (const [name, metric] of Object.entries(this.metrics) as Array<[MetricName, Metric]>) {
			if (metric.count > 0) encoded[name] = encodeHistogram(metric.histogram);
		}

		return encoded;
	}

	/** The live histogram of one metric (read-only use: comparisons at the end of a run). */
	histogram(name: MetricName): Histogram | undefined {
		const metric = this.metrics[name];
		return metric.count > 0 ? metric.histogram : undefined;
	}

	/** How busy the client was: the last second while running, then the endpoint's whole run. */
	recordClientLoad(load: ClientLoad): void {
		this.cached = undefined;
		this.client = load;
	}

	private recordLag(lagUs: number, workerWaitUs: number): void {
		const {schedule} = this;
		schedule.sends++;
		if (lagUs > behindThresholdUs) schedule.behind++;
		if (lagUs > schedule.maxLagUs) schedule.maxLagUs = lagUs;
		// The part of the lag not spent waiting for a busy worker is the client's own doing.
		const clientLagUs = lagUs - workerWaitUs;
		if (clientLagUs > behindThresholdUs) schedule.clientLate++;
		if (clientLagUs > schedule.clientMaxLagUs) schedule.clientMaxLagUs = clientLagUs;
	}

	/** A ping of the network-floor probe that ran beside this endpoint. */
	recordProbe(sample: Sample): void {
		this.cached = undefined;
		if (sample.outcome === 'ok') this.metrics.probe.record(sample.durationUs);
		else this.probeFailed++;
	}

	private recordTokens({tokens}: Sample): void {
		if (!tokens) return;
		this.tokens.output += tokens.output;
		this.tokens.input += tokens.input ?? 0;
		if (tokens.cacheRead !== undefined || tokens.cacheWrite !== undefined) {
			this.tokens.cacheRead += tokens.cacheRead ?? 0;
			this.tokens.cacheWrite += tokens.cacheWrite ?? 0;
			this.tokens.cacheReported++;
		}

		if (tokens.reasoning !== undefined) {
			this.tokens.reasoning += tokens.reasoning;
			this.tokens.reasoningReported++;
		}

		if (tokens.estimated) this.tokens.counted++;
		else this.tokens.fromUsage++;
		if (tokens.contradicted || (!tokens.estimated && tokens.events !== undefined && tokens.events !== tokens.output)) this.tokens.mismatches++;
	}

	stats(now = nowNs()): EndpointStats {
		if (this.cached) return this.cached;
		const stats = this.compute(now);
		if (this.state !== 'running') this.cached = stats;
		return stats;
	}

	private compute(now: bigint): EndpointStats {
		const end = this.state === 'done' ? this.endNs : this.state === 'running' ? now : this.startNs;
		const wallMs = this.state === 'pending' || this.state === 'warmup' ? 0 : elapsedUs(this.startNs, end) / 1000;
		// Interleaved endpoints share the wall time: each one's rates are over its own active time.
		const elapsedMs = this.state === 'done' && this.activeUs !== undefined && this.activeUs > 0 ? this.activeUs / 1000 : wallMs;
		const seconds = elapsedMs / 1000;
		const {metrics, tokens} = this;
		const tokenCounts = tokens.fromUsage + tokens.counted;
		const recentLatency = this.recentLatency.toArray();
		const outputTokens: TokenStats | null =
			tokenCounts > 0
				? {
						total: tokens.output,
						input: tokens.input,
						reasoning: tokens.reasoningReported > 0 ? tokens.reasoning : undefined,
						cache: tokens.cacheReported > 0 ? cacheStats(tokens.cacheRead, tokens.cacheWrite, tokens.input) : undefined,
						perSecond: seconds > 0 ? tokens.output / seconds : 0,
						inputPerSecond: seconds > 0 ? tokens.input / seconds : 0,
						estimated: tokens.counted > 0,
						fromUsage: tokens.fromUsage,
						counted: tokens.counted,
						mismatches: tokens.mismatches,
					}
				: null;
		return {
			index: this.index,
			info: this.info,
			state: this.state,
			planned: this.planned,
			plannedDurationMs: this.plannedDurationMs,
			requests: this.requests,
			successful: this.successful,
			failed: this.requests - this.successful - (this.cancelled?.requests ?? 0),
			...(this.cancelled ? {cancelled: {...this.cancelled}} : {}),
			...(this.turns ? {turns: this.turns.stats()} : {}),
			retried: this.retried,
			connections: this.opened > 0 ? {opened: this.opened, connect: metrics.connect.optional(), tls: metrics.tls.optional()} : null,
			errors: Object.fromEntries(this.errors),
			errorSamples: Object.fromEntries(this.errorSamples),
			fidelity: {...this.fidelity, models: {...this.fidelity.models}},
			elapsedMs,
			requestsPerSecond: seconds > 0 ? this.requests / seconds : 0,
			latency: metrics.latency.distribution(),
			correctedLatency: metrics.corrected.optional(),
			correctedTtft: metrics.correctedTtft.optional(),
			ttfb: metrics.ttfb.optional(),
			ttft: metrics.ttft.optional(),
			ttfa: metrics.ttfa.optional(),
			interToken: metrics.interToken.optional(),
			tpot: metrics.tpot.optional(),
			longestStall: metrics.stall.optional(),
			tail: metrics.tail.optional(),
			tokensPerSecond: metrics.tokensPerSecond.optional(),
			outputTokens,
			sendRate: this.requests > 1 && this.sent.last > this.sent.first ? (this.requests - 1) / ((this.sent.last - this.sent.first) / 1e6) : 0,
			schedule: metrics.corrected.count > 0 || this.schedule.behind > 0 ? {behind: this.schedule.behind, maxLagMs: this.schedule.maxLagUs / 1000} : null,
			gatewayOverhead: metrics.overhead.optional(),
			probe: metrics.probe.count > 0 || this.probeFailed > 0 ? {latency: metrics.probe.distribution(), failed: this.probeFailed} : null,
			rateLimit: this.rateLimit ?? null,
			selfCheck: selfCheckOf(
				this.client ?? null,
				this.schedule.sends > 0
					? {count: this.schedule.clientLate, share: this.schedule.clientLate / this.schedule.sends, maxMs: this.schedule.clientMaxLagUs / 1000}
					: null,
			),
			recentLatency,
			recentTtft: this.recentTtft.toArray(),
			recentFrom: this.successful - recentLatency.length,
			recentItl: this.recentItl.toArray(),
			throughput: this.throughput.perSecond(),
			latencyBuckets: bucketsOf(metrics.latency.histogram),
			ttftBuckets: bucketsOf(metrics.ttft.histogram),
			phaseStarts: [...this.phaseStarts],
			phases: [...this.phaseTallies.values()].map((tally) => tally.stats()).sort((a, b) => a.phase - b.phase),
		};
	}
}
