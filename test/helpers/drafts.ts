import {createProgram, type CliFlags} from '../../source/cli/program.js';
import {type PlanDraft} from '../../source/plan/draft.js';
import {validateFlags} from '../../source/cli/validate.js';
import type {EndpointStats} from '../../source/stats/endpoint-stats.js';
import type {Distribution} from '../../source/stats/histogram.js';
import type {Snapshot} from '../../source/stats/run-store.js';
import type {EndpointInfo} from '../../source/engine/endpoint.js';

/** A distribution whose figures grow with `scale`, so that rows compare best to worst. */
export const makeDistribution = (scale = 1, count = 100): Distribution => ({
	count,
	avg: 12.5 * scale,
	p5: 2.25 * scale,
	p50: 10.5 * scale,
	p75: 14.75 * scale,
	p80: 16 * scale,
	p95: 31.5 * scale,
	p99: 48.25 * scale,
	max: 60.125 * scale,
	total: 12.5 * scale * count,
});

export const makeInfo = (overrides: Partial<EndpointInfo> = {}): EndpointInfo => ({
	name: 'http(s): gateway',
	pipeline: 'http',
	target: 'gateway',
	provider: null,
	stream: null,
	url: 'http://127.0.0.1:9992/v2/http',
	...overrides,
});

/** A wavy series of recent latencies, ms. */
export const makeSeries = (length: number, base = 10): number[] => Array.from({length}, (_, index) => base + 5 * Math.sin(index / 4) + (index % 7));

/** EndpointStats of a running HTTP endpoint halfway through 1000 requests; override what a test is about. */
export function makeStats(overrides: Partial<EndpointStats> = {}): EndpointStats {
	// Asserted rather than annotated: figures added to EndpointStats later stay undefined here
	// instead of breaking every UI test; the console reads only the fields below.
	return {
		index: 0,
		info: makeInfo(),
		state: 'running',
		planned: 1000,
		plannedDurationMs: undefined,
		requests: 500,
		successful: 498,
		failed: 2,
		retried: 0,
		connections: null,
		errors: {http_500: 2},
		elapsedMs: 5000,
		requestsPerSecond: 100,
		sendRate: 100,
		latency: makeDistribution(),
		correctedLatency: null,
		correctedTtft: null,
		ttfb: null,
		ttft: null,
		ttfa: null,
		interToken: null,
		tpot: null,
		longestStall: null,
		tail: null,
		tokensPerSecond: null,
		outputTokens: null,
		schedule: null,
		gatewayOverhead: null,
		probe: null,
		rateLimit: null,
		selfCheck: {client: null, lateSends: null, clientBound: false, warnings: []},
		recentLatency: makeSeries(240),
		recentTtft: [],
		recentFrom: 0,
		recentItl: [],
		throughput: [],
		latencyBuckets: null,
		ttftBuckets: null,
		errorSamples: {},
		phaseStarts: [],
		phases: [],
		...overrides,
	};
}

/** A streamed completions endpoint: TTFT and TTFB too. */
export const makeStreamStats = (overrides: Partial<EndpointStats> = {}): EndpointStats =>
	makeStats({
		info: makeInfo({
			name: 'anthropic stream: sourcegraph',
			pipeline: 'completions',
			target: 'sourcegraph',
			provider: 'anthropic',
			stream: true,
			url: 'http://127.0.0.1:9992/.api/completions/stream',
		}),
		ttft: makeDistribution(20),
		// Plain text streams: the first token is the first answer token.
		ttfa: makeDistribution(20),
		ttfb: makeDistribution(18),
		recentTtft: makeSeries(240, 200),
		...overrides,
	});

/** A self-check that found the client limiting the numbers, with this warning. */
export const clientBound = (warning: string | undefined): Partial<EndpointStats> =>
	warning === undefined ? {} : {selfCheck: {client: null, lateSends: null, clientBound: true, warnings: [warning]}};

/** The seven endpoints of `--pipeline all` against the mock, the first `done` finished, the next one running. */
export function makeSnapshot(done: number, options: {stream?: boolean; clientWarning?: string} = {}): Snapshot {
	const names = ['ws(s): gateway', 'http(s): gateway', 'ws(s): sourcegraph', 'http(s): sourcegraph', 'http-then-ws(s): sourcegraph'];
	const finished = {state: 'done', requests: 1000, successful: 1000, failed: 0, errors: {}} as const;
	const pending = {state: 'pending', requests: 0, successful: 0, failed: 0, errors: {}, elapsedMs: 0, recentLatency: []} as const;
	const phase = (index: number) => (index < done ? finished : index > done ? pending : {});
	const endpoints = names.map((name, index) =>
		makeStats({index, info: makeInfo({name, pipeline: name.startsWith('ws') ? 'websocket' : 'http'}), ...phase(index)}),
	);
	const completions = (target: 'gateway' | 'sourcegraph', index: number) =>
		makeStreamStats({
			index,
			info: makeInfo({
				name: `anthropic${options.stream ? ' stream' : ''}: ${target}`,
				pipeline: 'completions',
				target,
				provider: 'anthropic',
				stream: options.stream ?? false,
			}),
			...phase(index),
			...(options.stream ? {} : {ttft: null, ttfb: null, recentTtft: []}),
		});
	endpoints.push(completions('gateway', 5), completions('sourcegraph', 6));
	const current = done < endpoints.length ? done : null;
	return {
		endpoints: endpoints.map((stats) => (stats.index === current ? {...stats, state: 'running', ...clientBound(options.clientWarning)} : stats)),
		current,
		finished: current === null,
		interrupted: false,
		comparison: [],
		load: {concurrency: 8, paused: false, phase: 1},
		phases: [{phase: 1, concurrency: 8, atMs: 0}],
	};
}

/** A plan draft exactly as the CLI makes it from these arguments. */
export function draftFrom(args: string[], env: NodeJS.ProcessEnv = {}): PlanDraft {
	const program = createProgram();
	program.exitOverride();
	program.parse(args, {from: 'user'});
	const invocation = validateFlags(program.opts<CliFlags>(), env);
	if (typeof invocation === 'string') throw new Error(invocation);
	return invocation.draft;
}
