import {readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {Ajv2020} from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import {describe, expect, it} from 'vitest';
import {fastMock, runCli} from '../helpers/cli.js';
import {closedPortUrl} from '../helpers/ports.js';

const schema = JSON.parse(readFileSync(fileURLToPath(new URL('../../docs/run.schema.json', import.meta.url)), 'utf8')) as object;
const ajv = new Ajv2020({allErrors: true, strict: true, strictTypes: false});
addFormats.default(ajv);
const validate = ajv.compile(schema);
const problems = (json: unknown) => (validate(json) ? [] : (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message ?? ''}`));

type Run = {endpoints: Array<Record<string, unknown>>; thresholds: unknown[]; comparison: unknown};

describe('the --json schema (docs/run.schema.json)', () => {
	it('holds real runs: every pipeline streamed with a probe and a threshold, an open-loop direct run with synthetic prompts, an interleaved comparison and an overhead run the upstream witnessed', async () => {
		// The overhead run's gateway is the upstream itself (an A/A run): its port is chosen first.
		const port = new URL(await closedPortUrl()).port;
		const [all, rate, compared, witnessed, talked] = await Promise.all([
			runCli(['--no-tui', '--pipeline', 'all', '--stream', '-n', '12', '-c', '2', '--probe', '--threshold', 'latency.p95<10s', '--json', '-', ...fastMock]),
			runCli([
				'--no-tui',
				'--openai',
				'mock',
				'--stream',
				'--rate',
				'40',
				'-n',
				'20',
				'--input-tokens',
				'64',
				'--output-tokens',
				'8',
				'--json',
				'-',
				...fastMock,
			]),
			runCli(['--no-tui', '--openai', 'mock', '--anthropic', 'mock', '--interleave', '--stream', '-n', '12', '--json', '-', ...fastMock]),
			runCli(['--no-tui', '--through', `http://127.0.0.1:${port}/v1`, '--mock-port', port, '-n', '12', '--json', '-', ...fastMock]),
			// Conversations over the Responses API, the mock's own metrics scraped beside them.
			runCli([
				'--no-tui',
				'--openai',
				'mock',
				'--api',
				'responses',
				'--stream',
				'--turns',
				'2',
				'-n',
				'6',
				'--metrics-url',
				'mock',
				'--json',
				'-',
				...fastMock,
			]),
		]);
		for (const result of [all, rate, compared, witnessed, talked]) expect(result.code, result.stderr).toBe(0);
		const runs = [all, rate, compared, witnessed, talked].map((result) => JSON.parse(result.stdout) as Run);
		for (const run of runs) expect(problems(run)).toEqual([]);
		// The optional parts were there to be checked, not all null.
		const endpoints = runs.flatMap((run) => run.endpoints);
		for (const key of ['probe', 'schedule', 'outputTokens', 'ttftMs', 'correctedLatencyMs', 'series', 'witness'])
			expect(
				endpoints.some((endpoint) => endpoint[key] !== null),
				key,
			).toBe(true);
		expect(runs[0]?.thresholds.length).toBeGreaterThan(0);
		expect(runs[2]?.comparison).toMatchObject({paired: true, against: [{paired: {metrics: {latency: {pairs: 12}, ttft: {pairs: 12}}}}]});
	});

	it('refuses what a run never writes: a missing field, an unknown one, a count below zero', () => {
		const run = {version: '0', endpoints: []};
		expect(problems(run).length).toBeGreaterThan(0);
		expect(problems({...JSON.parse(JSON.stringify(minimal)), extra: 1})).toContain(' must NOT have additional properties');
		expect(problems(minimal)).toEqual([]);
		const endpoint = {...minimalEndpoint, failed: -1};
		expect(problems({...minimal, endpoints: [endpoint]}).some((line) => line.startsWith('/endpoints/0/failed'))).toBe(true);
	});
});

const minimalEndpoint = {
	name: 'x',
	pipeline: 'http',
	target: 'gateway',
	provider: null,
	stream: null,
	url: 'http://127.0.0.1:1',
	proxy: null,
	requests: 0,
	successful: 0,
	failed: 0,
	cancelled: null,
	retried: 0,
	protocol: 'http/1.1',
	connectionsOpened: 0,
	streams: null,
	connectMs: null,
	tlsHandshakeMs: null,
	errors: {},
	errorSamples: {},
	errorClasses: {},
	witness: null,
	fidelity: {
		askedModel: null,
		replyModels: {},
		flags: [],
		replies: 0,
		streams: 0,
		gaps: 0,
		nearZeroGaps: 0,
		heldHeaders: 0,
		outputArrived: 0,
		usageTokens: 0,
		usageEvents: 0,
		reads: 0,
		readEvents: 0,
	},
	requestsPerSecond: 0,
	sendRate: 0,
	elapsedMs: 0,
	latencyMs: null,
	correctedLatencyMs: null,
	correctedTtftMs: null,
	ttfbMs: null,
	ttftMs: null,
	ttfaMs: null,
	interTokenMs: null,
	timePerOutputTokenMs: null,
	longestStallMs: null,
	lastTokenToEndMs: null,
	outputTokensPerSecondPerRequest: null,
	outputTokens: null,
	schedule: null,
	gatewayOverheadMs: null,
	probe: null,
	rateLimit: null,
	selfCheck: {clientBound: false, warnings: [], eventLoopUtilization: null, eventLoopDelayMs: null, lateSends: null},
	phases: [],
	histograms: {},
	series: null,
};

const minimal = {
	version: '0.1.0',
	startedAt: '2026-12-07T00:00:00.000Z',
	finishedAt: '2026-12-07T00:00:01.000Z',
	interrupted: false,
	mock: true,
	httpClient: 'raw',
	workers: 1,
	insecure: false,
	http2: null,
	concurrency: 1,
	load: {requests: 1, durationMs: null, concurrency: 1, rate: null, arrival: null, warmup: 0, seed: null, roundSends: null},
	prompts: null,
	uniquePrefix: false,
	startAt: null,
	phases: [{phase: 1, startedAtMs: 0, concurrency: 1, rate: null}],
	clientBound: false,
	clientCeiling: null,
	serverMetrics: null,
	endpoints: [minimalEndpoint],
	witnessFailure: null,
	thresholds: [],
	comparison: null,
};
