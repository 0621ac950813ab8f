import type {CancelledTally} from '../stats/endpoint-stats.js';
import type {Histogram} from 'hdr-histogram-js';
import type {JsonSummary, RunMeta} from '../output/json.js';
import type {MetricName} from '../stats/accumulator.js';
import type {TokenStats} from '../stats/endpoint-stats.js';
import type {EndpointInfo} from '../engine/endpoint.js';
import type {SecondSeries} from '../stats/time-series.js';
import type {TurnStats} from '../stats/turn-tally.js';

/** One metric of one endpoint: its histogram (µs; tokens/s × 1000) and the exact sum of its values. */
/** `maxUs`: the largest value recorded, from the file's summary (the decoded histogram knows only its bucket). */
export type RunMetric = {readonly histogram: Histogram; readonly totalUs: number; readonly maxUs: number};

/** An endpoint of a run file, histograms decoded: what the table, the bootstrap and merges need. */
export type RunEndpoint = {
	readonly info: EndpointInfo;
	readonly requests: number;
	readonly successful: number;
	readonly failed: number;
	/** Requests given up on purpose (`--cancel-rate`); null without (and in files written before it was kept). */
	readonly cancelled: CancelledTally | null;
	/** Requests sent again on a new connection (0 in files written before it was kept). */
	readonly retried: number;
	/** Requests that opened a connection of their own (0 where not known). */
	readonly connectionsOpened: number;
	readonly errors: Readonly<Record<string, number>>;
	readonly requestsPerSecond: number;
	readonly sendRate: number;
	readonly elapsedMs: number;
	/** Only metrics with at least one value. */
	readonly metrics: Readonly<Partial<Record<MetricName, RunMetric>>>;
	readonly outputTokens: TokenStats | null;
	readonly schedule: {readonly behind: number; readonly maxLagMs: number} | null;
	/** Failed probe pings; null when the endpoint ran without a probe. */
	readonly probeFailed: number | null;
	readonly rateLimit: Readonly<Record<string, string>> | null;
	/** The run's self-check warnings (the client, not the server, limited it); merged runs keep every part's. */
	readonly clientWarnings: readonly string[];
	/** Runs (machines) merged into this endpoint; 1 for a plain run. */
	readonly machines: number;
	/** The first message of each kind of failure (none in files written before they were kept). */
	readonly errorSamples: Readonly<Record<string, string>>;
	/** The run second by second; null in files written before it was kept. */
	readonly series: SecondSeries | null;
	/** `--turns`: first and later turns, from the file's summaries (a merge of several runs cannot add their percentiles, and leaves them out). */
	readonly turns?: TurnStats;
};

/** A `--json` run file, read and checked: the run's meta data as written, and its endpoints. */
export type RunFile = Omit<RunMeta, 'thresholds'> & {
	readonly path: string;
	/** The thresholds as the file wrote them. */
	readonly thresholds: ReadonlyArray<{readonly expression: string; readonly endpoint: string; readonly actual: number | null; readonly pass: boolean}>;
	readonly machines: number;
	readonly endpoints: readonly RunEndpoint[];
};

/** Where each metric's millisecond summary lives in the JSON (probe: `probe.latencyMs`). */
export const timesKeys = {
	latency: 'latencyMs',
	corrected: 'correctedLatencyMs',
	correctedTtft: 'correctedTtftMs',
	ttfb: 'ttfbMs',
	ttft: 'ttftMs',
	ttfa: 'ttfaMs',
	interToken: 'interTokenMs',
	tpot: 'timePerOutputTokenMs',
	stall: 'longestStallMs',
	tail: 'lastTokenToEndMs',
	tokensPerSecond: 'outputTokensPerSecondPerRequest',
	overhead: 'gatewayOverheadMs',
	connect: 'connectMs',
	tls: 'tlsHandshakeMs',
} as const satisfies Readonly<Record<Exclude<MetricName, 'probe'>, keyof JsonSummary['endpoints'][number]>>;

export const metricNames = [...(Object.keys(timesKeys) as Array<Exclude<MetricName, 'probe'>>), 'probe'] as const satisfies readonly MetricName[];
