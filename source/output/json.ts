import type {TurnFigures} from '../stats/turn-tally.js';
import type {ServerSeries} from '../stats/server-metrics.js';
import {type CeilingVerdict, ceilingWarnShare} from '../stats/ceiling-share.js';
import type {ClientLoad} from '../engine/client-load.js';
import type {SecondSeries} from '../stats/time-series.js';
import {errorClassOf} from '../engine/errors.js';
import type {LoadSettings} from '../plan/load-settings.js';
import type {EndpointStats} from '../stats/endpoint-stats.js';
import type {Distribution} from '../stats/histogram.js';
import type {PhaseStart, PhaseStats} from '../stats/phase-tally.js';
import type {SelfCheck} from '../stats/self-check.js';
import type {ThresholdResult} from '../stats/check-thresholds.js';
import type {Comparison} from '../stats/comparison.js';
import {comparisonJson} from './comparison-json.js';
import {allFlags, type FidelityFlag} from '../stats/fidelity-flags.js';
import {emptyFidelity} from '../stats/fidelity.js';
import type {WitnessSummary} from '../stats/witness-tally.js';

export type RunMeta = {
	readonly version: string;
	readonly startedAt: Date;
	readonly finishedAt: Date;
	readonly interrupted: boolean;
	readonly mock: boolean;
	readonly httpClient: string;
	/** `--workers`: measuring threads the load was spread over (1 unless asked for, or in older files). */
	readonly workers?: number;
	/** TLS certificates were not checked (`--insecure`); absent in runs read from older files. */
	readonly insecure?: boolean;
	/** `--http2`: how many streams one connection carries at most; absent: HTTP/1.1. */
	readonly http2?: {readonly streamsPerConnection: number};
	readonly load: LoadSettings;
	readonly thresholds?: readonly ThresholdResult[];
	/** Where each phase of the load began (one unless it was steered). */
	readonly phases?: readonly PhaseStart[];
	/** What the completions requests carried: the built-in prompt, or a prompt set. */
	readonly prompts?: {readonly file: string; readonly format: string; readonly count: number};
	readonly uniquePrefix?: boolean;
	/** `--start-at`: when the first measured request was to leave, and when it did (null: none did). */
	readonly startAt?: {readonly planned: Date; readonly actual: Date | null};
	/** A comparison run's verdicts, as computed once at its end. */
	readonly comparison?: Comparison;
	/** A witnessed run: what the upstream saw of each endpoint's requests, or why its record could not be read. */
	readonly witness?: {readonly endpoints: readonly WitnessSummary[]; readonly failure?: string};
	/** How close the run came to the client's measured ceiling (`gatebench calibrate`). */
	readonly ceiling?: CeilingVerdict;
	/** `--metrics-url`: what each scraped server said, second by second. */
	readonly serverMetrics?: readonly ServerSeries[];
};

type Times = Omit<Distribution, 'count'>;

const round = (value: number) => Math.round(value * 1000) / 1000;

const turnJson = (turn: TurnFigures) => ({
	requests: turn.requests,
	latencyMs: times(turn.latency),
	ttftMs: times(turn.ttft),
	inputTokens: turn.inputTokens,
	cachedTokens: turn.cachedTokens,
	cacheHitRate: turn.cacheHitRate === null ? null : round(turn.cacheHitRate),
});

function ceilingJson({ceiling, share, requestsPerSecond, eventsPerSecond, threads}: CeilingVerdict) {
	return {
		/** Of the ceiling, 0–1 and beyond (null: no calibration of this client on this machine). */
		share: share === null ? null : round(share),
		/** Above 0.7: the client's own queueing may be in the numbers. */
		warn: share !== null && share > ceilingWarnShare,
		requestsPerSecond: round(requestsPerSecond),
		eventsPerSecond: round(eventsPerSecond),
		threads,
		ceiling,
	};
}
const times = (distribution: Distribution | null): Times | null =>
	distribution && {
		avg: round(distribution.avg),
		p5: round(distribution.p5),
		p50: round(distribution.p50),
		p75: round(distribution.p75),
		p80: round(distribution.p80),
		p95: round(distribution.p95),
		p99: round(distribution.p99),
		max: round(distribution.max),
		total: round(distribution.total),
	};

export function errorClasses(errors: Readonly<Record<string, number>>): Record<string, number> {
	const classes: Record<string, number> = {};
	for (const [kind, count] of Object.entries(errors)) {
		const name = errorClassOf(kind);
		classes[name] = (classes[name] ?? 0) + count;
	}

	return classes;
}

function endpointJson(
	stats: EndpointStats,
	load: LoadSettings,
	histograms: Readonly<Record<string, string>> | undefined,
	series: SecondSeries | undefined,
	flags: readonly FidelityFlag[],
	witness: WitnessSummary | undefined,
) {
	const tokens = stats.outputTokens;
	const fidelity = stats.fidelity ?? emptyFidelity();
	return {
		name: stats.info.name,
		pipeline: stats.info.pipeline,
		target: stats.info.target,
		provider: stats.info.provider,
		stream: stats.info.stream,
		url: stats.info.url,
		/** The proxy the requests went through, without credentials; null when direct. */
		proxy: stats.info.proxy ?? null,
		requests: stats.requests,
		successful: stats.successful,
		failed: stats.failed,
		/** Requests given up mid-way on purpose (`--cancel-rate`): how many, and the sums of their time (ms) and output tokens; null without. */
		cancelled: stats.cancelled ?? null,
		/** `--turns`: first turns and later turns apart (null: not a multi-turn run). */
		turns: stats.turns ? {first: turnJson(stats.turns.first), later: turnJson(stats.turns.later)} : null,
		/** Requests sent again on a new connection because the reused one failed before any reply byte. */
		retried: stats.retried,
		/** What the requests spoke: HTTP/1.1, or HTTP/2 over TLS (h2) or cleartext (h2c) with `--http2`. */
		protocol: stats.info.protocol ?? 'http/1.1',
		/** Requests that opened a connection of their own (raw and got can tell; undici cannot: 0). Over HTTP/2, the connections the streams shared. */
		connectionsOpened: stats.connections?.opened ?? 0,
		/** Over HTTP/2: the streams sent (one a request) on those connections; null over HTTP/1.1. */
		streams: stats.info.protocol ? stats.requests : null,
		/** For those requests: TCP (or proxy tunnel) connect, and the TLS handshake. */
		connectMs: times(stats.connections?.connect ?? null),
		tlsHandshakeMs: times(stats.connections?.tls ?? null),
		errors: stats.errors,
		/** The first failure's message of each kind, one clean line. */
		errorSamples: stats.errorSamples,
		errorClasses: errorClasses(stats.errors),
		/** What the client can tell of what this path delivered, and the flags raised against the first endpoint (docs/comparing.md). */
		fidelity: {
			askedModel: stats.info.model ?? null,
			replyModels: fidelity.models,
			flags,
			replies: fidelity.replies,
			streams: fidelity.streams,
			gaps: fidelity.gaps,
			nearZeroGaps: fidelity.nearZeroGaps,
			heldHeaders: fidelity.heldHeaders,
			outputArrived: fidelity.outputArrived,
			usageTokens: fidelity.usageTokens,
			usageEvents: fidelity.usageEvents,
			reads: fidelity.reads,
			readEvents: fidelity.readEvents,
		},
		/** What the upstream saw of these requests (a witnessed run; null otherwise): docs/gateways.md. */
		witness: witness ? witnessJson(witness) : null,
		requestsPerSecond: round(stats.requestsPerSecond),
		sendRate: round(stats.sendRate),
		elapsedMs: round(stats.elapsedMs),
		latencyMs: times(stats.latency),
		correctedLatencyMs: times(stats.correctedLatency),
		/** Rate mode: TTFT from the scheduled send. */
		correctedTtftMs: times(stats.correctedTtft),
		ttfbMs: times(stats.ttfb),
		ttftMs: times(stats.ttft),
		/** Time to first answer token: the first visible text, after any reasoning. */
		ttfaMs: times(stats.ttfa),
		interTokenMs: times(stats.interToken),
		timePerOutputTokenMs: times(stats.tpot),
		longestStallMs: times(stats.longestStall),
		lastTokenToEndMs: times(stats.tail),
		// Values are tokens per second, not ms (same keys; `total` is meaningless here and omitted).
		outputTokensPerSecondPerRequest: stats.tokensPerSecond && {...times(stats.tokensPerSecond), total: undefined},
		outputTokens: tokens && {
			total: tokens.total,
			input: tokens.input,
			reasoning: tokens.reasoning,
			/** Prompt caching: input tokens read from and written to the cache (both counted in `input`), and the share read. */
			cache: tokens.cache && {read: tokens.cache.read, write: tokens.cache.write, hitRate: round(tokens.cache.hitRate)},
			perSecond: round(tokens.perSecond),
			inputPerSecond: round(tokens.inputPerSecond),
			estimated: tokens.estimated,
			source: {usage: tokens.fromUsage, counted: tokens.counted},
			mismatches: tokens.mismatches,
		},
		schedule: stats.schedule && {rate: load.rate, arrival: load.arrival ?? 'constant', behind: stats.schedule.behind, maxLagMs: round(stats.schedule.maxLagMs)},
		gatewayOverheadMs: times(stats.gatewayOverhead),
		probe: stats.probe && {latencyMs: times(stats.probe.latency), failed: stats.probe.failed},
		rateLimit: stats.rateLimit,
		selfCheck: selfCheckJson(stats.selfCheck),
		/** The requests sent in each phase of the load (see the run's `phases`). */
		phases: stats.phases.map(phaseJson),
		/** HdrHistogram compressed base64, µs (tokensPerSecond: tokens/s × 1000): for `gatebench report` and exact merges. */
		histograms: histograms ?? {},
		/** Second by second: requests sent and completed, failures, and latency in coarse buckets (null where not recorded). */
		series: series ?? null,
	};
}

const witnessJson = (witness: WitnessSummary) => ({
	...witness,
	attemptsPerRequest: round(witness.attemptsPerRequest),
	forwardMs: times(witness.forwardMs),
	eventDelayMs: times(witness.eventDelayMs),
	faults: Object.fromEntries(
		Object.entries(witness.faults).map(([fault, outcome]) => [
			fault,
			{...outcome, abandonedAfterMs: outcome.abandonedAfterMs === null ? null : round(outcome.abandonedAfterMs), meanMs: round(outcome.meanMs)},
		]),
	),
	cancelled: witness.cancelled && {
		...witness.cancelled,
		stoppedAfterMs: witness.cancelled.stoppedAfterMs === null ? null : round(witness.cancelled.stoppedAfterMs),
		tokensAfter: round(witness.cancelled.tokensAfter),
	},
	selfReports: {
		...witness.selfReports,
		retryCountMean: witness.selfReports.retryCountMean === null ? null : round(witness.selfReports.retryCountMean),
		serverTimingMs: times(witness.selfReports.serverTimingMs),
	},
});

const phaseJson = (phase: PhaseStats) => ({
	phase: phase.phase,
	requests: phase.requests,
	successful: phase.successful,
	failed: phase.failed,
	requestsPerSecond: round(phase.requestsPerSecond),
	latencyMs: times(phase.latency),
	ttftMs: times(phase.ttft),
});

const loopDelayJson = ({loopDelayMs: delay}: ClientLoad) => ({p50: round(delay.p50), p99: round(delay.p99), max: round(delay.max)});

function selfCheckJson({client, lateSends, clientBound, warnings}: SelfCheck) {
	return {
		clientBound,
		warnings,
		eventLoopUtilization: client && round(client.loopUtilization),
		eventLoopDelayMs: client && loopDelayJson(client),
		...(client?.threads
			? {measuringThreads: client.threads.map((thread) => ({eventLoopUtilization: round(thread.loopUtilization), eventLoopDelayMs: loopDelayJson(thread)}))}
			: {}),
		lateSends: lateSends && {count: lateSends.count, share: round(lateSends.share), maxMs: round(lateSends.maxMs)},
	};
}

/** The JSON summary of cli.md, extended; `requests` counts every completed request, so successful + failed (+ cancelled.requests) == requests. */
export function jsonSummary(
	meta: RunMeta,
	endpoints: readonly EndpointStats[],
	histograms: ReadonlyArray<Readonly<Record<string, string>>> = [],
	series: ReadonlyArray<SecondSeries | undefined> = [],
) {
	const flagged = allFlags(endpoints, meta.witness?.endpoints);
	return {
		version: meta.version,
		startedAt: meta.startedAt.toISOString(),
		finishedAt: meta.finishedAt.toISOString(),
		interrupted: meta.interrupted,
		mock: meta.mock,
		httpClient: meta.httpClient,
		workers: meta.workers ?? 1,
		/** `--insecure`: certificates were not checked, so a machine in the middle could have answered. */
		insecure: meta.insecure ?? false,
		/** `--http2`: at most this many streams on one connection (each endpoint's `protocol` says h2 or h2c); null: HTTP/1.1. */
		http2: meta.http2 ?? null,
		concurrency: meta.load.concurrency,
		load: {
			requests: meta.load.requests ?? null,
			durationMs: meta.load.durationMs ?? null,
			concurrency: meta.load.concurrency,
			rate: meta.load.rate ?? null,
			arrival: meta.load.rate === undefined ? null : (meta.load.arrival ?? 'constant'),
			warmup: meta.load.warmup ?? 0,
			/** `--seed`: prompt draws and Poisson arrivals repeat with it. */
			seed: meta.load.seed ?? null,
			/** Interleaved runs: how each round sent its request (null: not interleaved). */
			roundSends: meta.load.roundSends ?? null,
			/** `--trace`: the file replayed, its format, the speed and its requests (null: no trace). */
			trace: meta.load.replayed ?? null,
		},
		/** `--prompts`: the set each completions request took its prompt from (null: one prompt for all). */
		prompts: meta.prompts ?? null,
		/** Every prompt carried a prefix of its own, so no cache could serve a repeat. */
		uniquePrefix: meta.uniquePrefix ?? false,
		/** `--start-at`: the planned start, the actual one (first measured request) and how late it was, ms. */
		startAt: meta.startAt
			? {
					planned: meta.startAt.planned.toISOString(),
					actual: meta.startAt.actual?.toISOString() ?? null,
					lateMs: meta.startAt.actual ? meta.startAt.actual.getTime() - meta.startAt.planned.getTime() : null,
				}
			: null,
		/** Each phase of the load: 1 for a run nobody steered; the console's p, + and - start the next. */
		phases: (meta.phases ?? [{phase: 1, concurrency: meta.load.concurrency, rate: meta.load.rate, atMs: 0}]).map((phase) => ({
			phase: phase.phase,
			startedAtMs: round(phase.atMs),
			concurrency: phase.concurrency,
			rate: phase.rate ?? null,
		})),
		/** True when any endpoint's self-check found the client, not the server, limiting the numbers. */
		clientBound: endpoints.some((stats) => stats.selfCheck.clientBound),
		/** How close the run came to this client's ceiling on this machine (`gatebench calibrate`); null in files from before it was kept. */
		clientCeiling: meta.ceiling ? ceilingJson(meta.ceiling) : null,
		/** `--metrics-url`: each scraped server's known series (running, waiting, kvCacheUse %, prefixHitRate %, queueTimeMs) and matched ones, per second (null: no scrape read it); null without. */
		serverMetrics: meta.serverMetrics ?? null,
		endpoints: endpoints.map((stats, index) =>
			endpointJson(stats, meta.load, histograms[index], series[index], flagged[index] ?? [], meta.witness?.endpoints[index]),
		),
		/** A witnessed run whose upstream record could not be read: why (null: read, or no witness). */
		witnessFailure: meta.witness?.failure ?? null,
		thresholds: (meta.thresholds ?? []).map((result) => ({
			expression: result.threshold.text,
			endpoint: result.endpoint,
			actual: Number.isNaN(result.actual) ? null : round(result.actual),
			pass: result.pass,
		})),
		/** Each endpoint against the first (null: not a comparison run): the figures every screen and `report` show. */
		comparison: comparisonJson(meta.comparison),
	};
}

export type JsonSummary = ReturnType<typeof jsonSummary>;
