import {expect} from 'vitest';
import type {PlanDraft} from '../../source/plan/draft.js';
import {type MockFault, type MockOptions, type MockServer, startMock} from '../../source/mock/server.js';
import type {EndpointStats} from '../../source/stats/endpoint-stats.js';
import type {EndpointInfo, Sample} from '../../source/engine/endpoint.js';
import {basePlan, runAgainst} from './run-plan.js';

/** A mock with fast latency: ttft 2 ms, 1 ms a token, 6-10 tokens; stalls last 2 s (plans time out first). */
export const startFaultMock = async (): Promise<MockServer> => startMock({ttftMs: 2, tokenDelayMs: 1, minTokens: 6, maxTokens: 10, stallMs: 2000});

export type Config = Partial<PlanDraft>;
/** Completions through both targets: gateway (anthropic-messages / fireworks) and sourcegraph (stream / code). */
export const completionConfigs: readonly Config[] = [
	{pipeline: 'completions', provider: 'anthropic', stream: true},
	{pipeline: 'completions', provider: 'anthropic', stream: false},
	{pipeline: 'completions', provider: 'fireworks', stream: true},
	{pipeline: 'completions', provider: 'fireworks', stream: false},
];
/** HTTP pings (gateway, sourcegraph, http-then-websocket) and WebSocket pings (gateway, sourcegraph). */
export const pingConfigs: readonly Config[] = [{pipeline: 'http'}, {pipeline: 'websocket'}];
export const allConfigs: readonly Config[] = [...completionConfigs, ...pingConfigs];
/**
 * For faults that only a timeout ends: the plan gives up long before the mock's 2 s stall, yet leaves the
 * requests that are not held several times what they need when many runs share a 2-core machine (~150 ms).
 */
export const shortTimeouts: Config = {timeouts: {completions: 500, ping: 500}};

/** One fault-free pass over every config, so cold-start costs (JIT, first connections) do not meet a short timeout. */
export async function warmUp(mock: MockServer): Promise<void> {
	await Promise.all(allConfigs.map(async (config) => runAgainst(mock.url, basePlan({requests: 2, concurrency: 2, ...config}))));
}

export type Surface = 'stream' | 'body' | 'ping' | 'ws';
export const surfaceOf = (info: EndpointInfo): Surface =>
	info.pipeline === 'completions' ? (info.stream ? 'stream' : 'body') : info.pipeline === 'http' ? 'ping' : 'ws';

export type EndpointRun = {readonly stats: EndpointStats; readonly samples: readonly Sample[]};
export type FaultRun = {
	readonly endpoints: readonly EndpointRun[];
	/** stats.faults[fault] grew by this much during the runs. */
	readonly faults: number;
	/** HTTP requests the mock received per path during the runs, and those the client counted. */
	readonly served: Readonly<Record<string, number>>;
	readonly sent: Readonly<Record<string, number>>;
};

/**
 * Sets the fault (and `extra` knobs), runs every config against the mock at once with the real engine,
 * then restores the options. Requests per endpoint: plan.requests, default 4, all at once.
 */
export async function runWithFault(
	mock: MockServer,
	fault: MockFault,
	faultRate: number,
	configs: readonly Config[],
	plan: Config = {},
	extra: Partial<MockOptions> = {},
): Promise<FaultRun> {
	const saved = {...mock.options};
	const faultsBefore = mock.stats.faults[fault];
	const pathsBefore = {...mock.stats.byPath};
	Object.assign(mock.options, {fault, faultRate, ...extra});
	try {
		const runs = await Promise.all(configs.map(async (config) => runAgainst(mock.url, basePlan({requests: 4, concurrency: 4, ...plan, ...config}))));
		const endpoints = runs.flatMap(({snapshot, samples}) =>
			snapshot.endpoints.map((stats) => ({stats, samples: samples.filter((sample) => sample.endpoint === stats.index)})),
		);
		const sent: Record<string, number> = {};
		const served: Record<string, number> = {};
		for (const {stats} of endpoints) {
			if (stats.info.pipeline === 'websocket') continue;
			const path = new URL(stats.info.url).pathname;
			// A request sent again on a new connection (its reused one was reset before any reply) reached the mock twice.
			sent[path] = (sent[path] ?? 0) + stats.requests + stats.retried;
			served[path] = (mock.stats.byPath[path] ?? 0) - (pathsBefore[path] ?? 0);
		}

		return {endpoints, faults: mock.stats.faults[fault] - faultsBefore, served, sent};
	} finally {
		Object.assign(mock.options, saved);
	}
}

const sum = (values: readonly number[]): number => values.reduce((total, value) => total + value, 0);

/**
 * The accounting every fault run must keep: each endpoint counts each request once (successful + failed ==
 * requests, errors sum to failed, one Sample per seq), failures have the expected kind (undefined: the fault
 * does not apply, so nothing fails), carry a one-line error without a stack trace, the mock injected exactly as
 * many faults as the client counted failures and retries, and it received every HTTP request exactly once, or
 * twice when the request's row says it was retried (no hidden retries).
 * `timeoutBound`: for faults only the plan's timeout ends. On a loaded machine a request can time out before the
 * mock has even read it (a lost race, not a fault), so the mock's counts may fall short of the client's, never
 * exceed them.
 */
export function expectFaultAccounting(run: FaultRun, faultRate: number, kindOf: (info: EndpointInfo) => string | undefined, timeoutBound = false): void {
	let failed = 0;
	let successful = 0;
	let retried = 0;
	for (const {stats, samples} of run.endpoints) {
		const {name} = stats.info;
		const requests = samples.length;
		expect(stats.requests, name).toBe(requests);
		expect(stats.successful + stats.failed, name).toBe(requests);
		expect(sum(Object.values(stats.errors)), name).toBe(stats.failed);
		expect(new Set(samples.map((sample) => sample.seq)).size, name).toBe(requests);
		const kind = kindOf(stats.info);
		if (kind === undefined) {
			expect(stats.errors, name).toEqual({});
		} else if (faultRate >= 1) {
			expect(stats.errors, name).toEqual({[kind]: requests});
		} else {
			expect(Object.keys(stats.errors), name).toEqual(stats.failed > 0 ? [kind] : []);
		}

		for (const sample of samples) {
			if (sample.outcome === 'ok') continue;
			// A bare stream_error (Sourcegraph's error event) has an empty reason today: a client bug, see replies.test.ts.
			expect(sample.error, name).toMatch(sample.outcome === 'stream_error' ? /^/ : /\S/);
			expect(sample.error, name).not.toMatch(/\n|\bat .+:\d+:\d+/);
		}

		expect(samples.filter((sample) => sample.retried).length, name).toBe(stats.retried);
		if (kind !== undefined) {
			failed += stats.failed;
			successful += stats.successful;
			retried += stats.retried;
		}
	}

	const outcomes = run.endpoints.map(({stats}) => `${stats.info.name}: ${JSON.stringify(stats.errors)}`).join('; ');
	if (timeoutBound) {
		expect(run.faults, `faults injected vs failures counted (${outcomes})`).toBeLessThanOrEqual(failed + retried);
		expect(run.faults).toBeGreaterThan(0);
		for (const [path, sent] of Object.entries(run.sent)) expect(run.served[path], path).toBeLessThanOrEqual(sent);
	} else {
		expect(run.faults, `faults injected vs failures and retries counted (${outcomes})`).toBe(failed + retried);
		expect(run.served).toEqual(run.sent);
	}

	if (faultRate < 1 && failed + successful > 0) {
		// Over dozens of requests a 0.5 rate gives both; which requests fail depends on timing, not on a seed.
		expect(failed).toBeGreaterThan(0);
		expect(successful).toBeGreaterThan(0);
	}
}
