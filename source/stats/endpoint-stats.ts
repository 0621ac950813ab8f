import type {TurnStats} from './turn-tally.js';
import type {FidelityCounts} from './fidelity.js';
import type {EndpointInfo} from '../engine/endpoint.js';
import type {Distribution} from './histogram.js';
import type {Buckets} from './buckets.js';
import type {PhaseStats} from './phase-tally.js';
import type {SelfCheck} from './self-check.js';

export type EndpointState = 'pending' | 'warmup' | 'running' | 'done';

/** Input tokens served from or stored in a prompt cache. */
export type CacheStats = {
	readonly read: number;
	readonly write: number;
	/** Share (0..1) of all input tokens that were read from the cache. */
	readonly hitRate: number;
};

export const cacheStats = (read: number, write: number, input: number): CacheStats => ({read, write, hitRate: input > 0 ? read / input : 0});

export type TokenStats = {
	readonly total: number;
	readonly input: number;
	/** Of the output tokens, those spent reasoning, summed over the replies that said (undefined when none did). */
	readonly reasoning: number | undefined;
	/** Prompt caching, when any reply reported it; `input` counts cached tokens too. */
	readonly cache: CacheStats | undefined;
	/** Output tokens per second over the endpoint's wall time. */
	readonly perSecond: number;
	/** Input tokens (the servers' usage) per second over the same time: how much prompt the endpoint took in. */
	readonly inputPerSecond: number;
	/** True when any count came from counting content events instead of usage. */
	readonly estimated: boolean;
	/** Requests whose count came from the reply's `usage`. */
	readonly fromUsage: number;
	/** Requests whose count came from counting content events. */
	readonly counted: number;
	/** Requests whose `usage` disagreed with the number of content events, or contradicted what arrived (zero or falling). */
	readonly mismatches: number;
};

/** Immutable statistics of one endpoint at one instant. Times in ms. */
export type EndpointStats = {
	readonly index: number;
	readonly info: EndpointInfo;
	readonly state: EndpointState;
	/** Requests to measure, when known in advance. */
	readonly planned: number | undefined;
	readonly plannedDurationMs: number | undefined;
	/** Completed requests: successful, failed or cancelled. */
	readonly requests: number;
	readonly successful: number;
	/** Completed requests that neither succeeded nor were cancelled on purpose. */
	readonly failed: number;
	/** Requests given up mid-way on purpose (`--cancel-rate`): how many, their time and the output tokens they had brought (sums); absent without. */
	readonly cancelled?: CancelledTally;
	/** `--turns`: successful first turns apart from later ones. */
	readonly turns?: TurnStats;
	/** Requests sent a second time on a new connection: the reused one failed before any byte of the reply. */
	readonly retried: number;
	/** Requests that opened a connection (raw and got can tell), and how long connecting and the TLS handshake took them. */
	readonly connections: {readonly opened: number; readonly connect: Distribution | null; readonly tls: Distribution | null} | null;
	readonly errors: Readonly<Record<string, number>>;
	/** The first message seen for each error kind, for the detail view. */
	readonly errorSamples: Readonly<Record<string, string>>;
	/** What the client can tell of what the path delivered (stats/fidelity.ts); absent from older saved runs. */
	readonly fidelity?: FidelityCounts;
	readonly elapsedMs: number;
	/** Completed requests over the endpoint's whole wall time, tail of the last replies included. */
	readonly requestsPerSecond: number;
	/** Requests sent per second over the window from first to last send: the achieved offered rate. */
	readonly sendRate: number;
	/** Successful requests only, timed from the actual send, as the original did. */
	readonly latency: Distribution;
	/** Rate mode: timed from each request's scheduled send (corrected for coordinated omission). */
	readonly correctedLatency: Distribution | null;
	/** Rate mode: time to first token from each request's scheduled send. */
	readonly correctedTtft: Distribution | null;
	readonly ttfb: Distribution | null;
	/** The first generated token of any kind: answer, reasoning or tool-call arguments. */
	readonly ttft: Distribution | null;
	/** Time to first answer token: the first visible text, after any reasoning. */
	readonly ttfa: Distribution | null;
	readonly interToken: Distribution | null;
	/** Time per output token, per request. */
	readonly tpot: Distribution | null;
	/** Longest gap between content events, per request. */
	readonly longestStall: Distribution | null;
	/** Last content event to end of stream, per request. */
	readonly tail: Distribution | null;
	/** Output tokens per second per request (values are tokens/s, not ms). */
	readonly tokensPerSecond: Distribution | null;
	readonly outputTokens: TokenStats | null;
	/** Rate mode: requests sent more than 2 ms late, and the worst lag. */
	readonly schedule: {readonly behind: number; readonly maxLagMs: number} | null;
	/** Gateway-reported overhead (LiteLLM's `x-litellm-overhead-duration-ms`), when present. */
	readonly gatewayOverhead: Distribution | null;
	/** The network-floor ping beside this endpoint (`--probe`). */
	readonly probe: {readonly latency: Distribution; readonly failed: number} | null;
	/** Last `retry-after` / rate-limit headers seen. */
	readonly rateLimit: Readonly<Record<string, string>> | null;
	/** Whether the client, not the server, limited these numbers (event-loop load; rate mode: late sends). */
	readonly selfCheck: SelfCheck;
	/** Recent successful latencies and TTFTs, ms, oldest first, for sparklines. */
	readonly recentLatency: readonly number[];
	readonly recentTtft: readonly number[];
	/** How many successful requests came before the oldest of `recentLatency`, and where in that count each phase began. */
	readonly recentFrom: number;
	/** Recent time per output token of successful streams, ms, oldest first. */
	readonly recentItl: readonly number[];
	/** Requests completed in each whole second of the run, oldest first. */
	readonly throughput: readonly number[];
	/** Successful latencies as equal-width bars, from the HDR histogram. */
	readonly latencyBuckets: Buckets | null;
	readonly ttftBuckets: Buckets | null;
	readonly phaseStarts: readonly number[];
	/** The requests of each phase of a steered run (one phase unless the load was changed), in order. */
	readonly phases: readonly PhaseStats[];
};

/**
 * Time to first answer token tells something TTFT does not: some replies reasoned or called tools
 * before answering (or instead). For plain text streams the two are the same event, shown once.
 */
export const answerComesLater = (stats: EndpointStats): boolean =>
	stats.ttft !== null && (stats.ttfa === null || stats.ttfa.count !== stats.ttft.count || stats.ttfa.total !== stats.ttft.total);

export type CancelledTally = {readonly requests: number; readonly totalMs: number; readonly outputTokens: number};
