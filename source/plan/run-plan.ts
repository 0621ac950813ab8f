import type {Provider} from './names.js';

import type {Arrival, LoadSettings, RoundSends} from './load-settings.js';
import type {Threshold} from './threshold-grammar.js';
import type {PromptSet, TokenLength} from './prompts.js';
import type {SweepSettings} from './sweep-settings.js';
import type {CancelSettings} from './cancellations.js';
import {type CompletionOverrides, type EndpointSpec, mockUrl, type PipelineChoice, type TargetConfig} from './endpoint-spec.js';

export {type PipelineChoice, pipelineChoices, type TargetConfig} from './endpoint-spec.js';

export type HttpClientName = 'raw' | 'undici' | 'got';

export const providers: readonly Provider[] = ['anthropic', 'fireworks'];

/** How HTTPS and WSS certificates are checked. */
export type TlsSettings = {
	/** PEM of extra certificate authorities to trust beside the system's (`--ca-file`). */
	readonly ca?: string;
	/** Skip certificate checks altogether (`--insecure`): for a test gateway, never for numbers to trust blindly. */
	readonly insecure: boolean;
};

/** Everything a run needs, validated once. The console fills in what flags left open. */
export type RunPlan = {
	readonly pipeline: PipelineChoice;
	readonly provider: Provider;
	readonly stream: boolean;
	readonly maxTokens: number;
	/** Measured requests per endpoint; undefined with a duration. */
	readonly requests?: number;
	readonly concurrency: number;
	/** Run each endpoint this long instead of (or as well as) a request count. */
	readonly durationMs?: number;
	/** Open loop: requests per second per endpoint. */
	readonly rate?: number;
	readonly arrival: Arrival;
	/** Requests per endpoint sent first and left out of every statistic and file. */
	readonly warmup: number;
	/** Requests given up mid-way on purpose (`--cancel-rate`, `--cancel-after`), counted as cancelled, not failed. */
	readonly cancel?: CancelSettings;
	/** A network-floor ping stream beside completions endpoints. */
	readonly probe?: {readonly kind: 'http' | 'websocket'; readonly rate: number};
	/** CI gates checked at the end, e.g. `ttft.p95<800ms`. */
	readonly thresholds: readonly Threshold[];
	/** A comparison file's endpoints: exactly these, instead of the pipelines. */
	readonly endpoints?: readonly EndpointSpec[];
	/** Direct provider endpoints (`--anthropic`, `--fireworks`, `--openai`), after the pipelines'. */
	readonly direct: readonly EndpointSpec[];
	/** Model, prompt, max tokens, temperature set by flags, for every completions endpoint. */
	readonly overrides?: CompletionOverrides;
	/** Extra headers (`-H`) on every request. */
	readonly headers: Readonly<Record<string, string>>;
	/** Reply headers kept per request in the request CSV (`--record-header`), beside the gateways' self-reports. */
	readonly recordHeaders?: readonly string[];
	/** Request i goes to every endpoint before request i+1. */
	readonly interleave: boolean;
	/** `--round-sends`: how an interleaved round sends request i. @default 'in-turn' */
	readonly roundSends?: RoundSends;
	/** Both undefined: benchmark the built-in mock gateway. */
	readonly gateway?: TargetConfig;
	readonly sourcegraph?: TargetConfig;
	/** Value of the `cody-core-gc-test` header, when asked for. */
	readonly specialHeader?: string;
	readonly httpClient: HttpClientName;
	/** `--http2`: streams on few connections (h2 over TLS, h2c in cleartext), at most this many on one. */
	readonly http2?: {readonly streamsPerConnection: number};
	/** This client's ceiling on this machine (`gatebench calibrate`), when one was measured: every run says how close it came. */
	readonly ceiling?: ClientCeiling;
	/** `--workers`: measuring threads each endpoint's connections are spread over (1: the run's own thread); undefined: as the load needs. */
	readonly workers?: number;
	readonly tls: TlsSettings;
	/** Per-request timeouts, ms; 0 turns a timeout off. */
	readonly timeouts: {readonly completions: number; readonly ping: number};
	/** A capacity search instead of one run at one load (`--sweep`). */
	readonly sweep?: SweepSettings;
	/** `--prompts FILE`: each completions request carries the next prompt of the set (drawn with `seed`, when given). */
	readonly prompts?: PromptSet;
	/** `--seed`: prompt draws and Poisson arrivals the same each run. */
	readonly seed?: number;
	/** `--start-at`: the wall-clock time (ms since 1970) the first measured request is held until. */
	readonly startAt?: number;
	/**
	 * The upstream keeps a record of each request (the mock's witness): every completions request is
	 * named in `x-gatebench-id`, and the record read at `url`/mock/witness with `token`. Set by an
	 * overhead run (`--through`), which starts the mock itself, or by `--witness-token` for one started apart.
	 */
	readonly witness?: {readonly url: string; readonly token: string};
	/**
	 * `--metrics-url`: Prometheus pages scraped about three times a second during the run (`mock`: the
	 * built-in mock's), with `--metrics-match`'s names kept beside the known series.
	 */
	readonly serverMetrics?: {readonly urls: readonly string[]; readonly match?: string};
	/** `--turns`: conversations of that many turns (mean and sd), `--think-time` between turns, `--session-header`. */
	readonly turns?: {readonly count: TokenLength; readonly thinkMs: number; readonly header?: string};
	/** `--trace`: the recorded requests' offsets (seconds, already over `--trace-speed`), in the order of the prompts made from them. */
	readonly trace?: {readonly file: string; readonly format: string; readonly speed: number; readonly offsetsS: readonly number[]};
	/** An overhead run (`--through`): gateways measured against their upstream, what each adds judged live. */
	readonly overhead?: boolean;
	/** A prefix of its own on every request's prompt, so prefix and response caches cannot serve repeats. */
	readonly uniquePrefix?: boolean;
	/** `--input-tokens`: synthetic prompts of these lengths (made into `prompts` before the run starts). */
	readonly inputTokens?: TokenLength;
	/** `--output-tokens`: each request asks for a length drawn from this (`max_tokens`). */
	readonly outputTokens?: TokenLength;
	/** `--exact-output`: vLLM's `min_tokens` and `ignore_eos` too, so every server generates just that many. */
	readonly exactOutput?: boolean;
};

/** The built-in mock runs when nothing else is targeted, or when an endpoint names it. */
export function usesMock(plan: Pick<RunPlan, 'gateway' | 'sourcegraph' | 'endpoints' | 'direct'>): boolean {
	if (plan.endpoints) return plan.endpoints.some((spec) => spec.config.url === mockUrl);
	return (!plan.gateway && !plan.sourcegraph && plan.direct.length === 0) || plan.direct.some((spec) => spec.config.url === mockUrl);
}

/** The engine's view of a plan. */
export const loadOf = (plan: RunPlan): LoadSettings => ({
	requests: plan.requests,
	durationMs: plan.durationMs,
	concurrency: plan.concurrency,
	rate: plan.rate,
	arrival: plan.arrival,
	warmup: plan.warmup,
	...(plan.seed === undefined ? {} : {seed: plan.seed}),
	...(plan.startAt === undefined ? {} : {startAt: plan.startAt}),
	...(plan.interleave ? {roundSends: plan.roundSends ?? 'in-turn'} : {}),
	...(plan.trace
		? {
				schedule: plan.trace.offsetsS,
				replayed: {file: plan.trace.file, format: plan.trace.format, speed: plan.trace.speed, requests: plan.trace.offsetsS.length},
			}
		: {}),
});

/**
 * The most this client sustains on this machine with its own timing error under 1 ms (p99 of its
 * event loop's delay), as `gatebench calibrate` measured it against the built-in mock.
 */
export type ClientCeiling = {
	readonly requestsPerSecond: number;
	readonly eventsPerSecond: number;
	/** The mock, not the client, ran out first: the client sustains at least this many events/s. */
	readonly eventsAtLeast: boolean;
	readonly httpClient: HttpClientName;
	/** When it was measured (ISO 8601). */
	readonly measuredAt: string;
	/** The loop lag (p99) it was measured within, ms (1 unless `--timing-error` said otherwise; absent in older files). */
	readonly timingErrorMs?: number;
	readonly machine: {readonly cpu: string; readonly cores: number};
	readonly node: string;
	readonly version: string;
};
