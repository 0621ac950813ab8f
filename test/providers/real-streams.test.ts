import {afterEach, describe, expect, it} from 'vitest';
import type {JsonSummary} from '../../source/output/json.js';
import {anthropicStreams} from '../fixtures/servers/anthropic.js';
import type {StreamCase} from '../fixtures/servers/kit.js';
import {lineEndingStreams, openAiCompatibleStreams} from '../fixtures/servers/openai-compatible.js';
import {moreServerStreams} from '../fixtures/servers/more-servers.js';
import {responsesStreams} from '../fixtures/servers/responses.js';
import {runCli} from '../helpers/cli.js';
import {type ReplayServer, startReplayServer} from '../helpers/replay-server.js';

const servers: ReplayServer[] = [];
afterEach(async () => {
	for (const server of servers.splice(0)) await server.close();
});

const noKeys = {ANTHROPIC_API_KEY: undefined, FIREWORKS_API_KEY: undefined, OPENAI_API_KEY: undefined};
const requests = 2;
/** Room for a slow, busy machine above the fixture's own timing; the fixtures keep the events further apart than this. */
const slackMs = 250;
/** The least an HDR summary (3 significant digits) may read for a value of at least `ms`. */
const hdrFloor = (ms: number) => ms - ms / 1024;

async function measure(streamCase: StreamCase) {
	const server = await startReplayServer(streamCase.fixture);
	servers.push(server);
	const {code, stdout, stderr} = await runCli(['--no-tui', ...streamCase.flags(server.url), '-n', String(requests), '-c', '1', '--json', '-'], {env: noKeys});
	expect(code, stderr).toBe(0);
	const endpoint = (JSON.parse(stdout) as JsonSummary).endpoints[0];
	expect(endpoint?.successful, JSON.stringify(endpoint?.errors)).toBe(requests);
	return {endpoint: endpoint!, server};
}

describe("real servers' streams: every kind of generated token counts, the answer is timed apart", () => {
	it.each(
		[...openAiCompatibleStreams, ...anthropicStreams, ...lineEndingStreams, ...moreServerStreams, ...responsesStreams].map(
			(streamCase) => [streamCase.name, streamCase] as const,
		),
	)('%s', async (_name, streamCase) => {
		const {endpoint} = await measure(streamCase);
		const {expect: wanted} = streamCase;
		// TTFT is the first generated token of any kind, reasoning and tool arguments included. Never before
		// the fixture sends it, within HDR's precision: a bucket is 1/1024 of its value (100.01 ms reads 99.97).
		expect(endpoint.ttftMs?.p50).toBeGreaterThanOrEqual(hdrFloor(wanted.firstTokenMs));
		expect(endpoint.ttftMs?.p50).toBeLessThan(wanted.firstTokenMs + slackMs);
		// Time to first answer token: the first visible text, after any reasoning; none for a reply that only calls a tool.
		if (wanted.firstAnswerMs === undefined) expect(endpoint.ttfaMs).toBeNull();
		else {
			expect(endpoint.ttfaMs?.p50).toBeGreaterThanOrEqual(hdrFloor(wanted.firstAnswerMs));
			expect(endpoint.ttfaMs?.p50).toBeLessThan(wanted.firstAnswerMs + slackMs);
		}

		const tokens = endpoint.outputTokens;
		expect(tokens?.total).toBe(wanted.outputTokens * requests);
		expect(tokens?.reasoning).toBe(wanted.reasoningTokens === undefined ? undefined : wanted.reasoningTokens * requests);
		expect(tokens?.source).toEqual(wanted.contradicted || wanted.estimated ? {usage: 0, counted: requests} : {usage: requests, counted: 0});
		expect(tokens?.mismatches).toBe(wanted.mismatch ? requests : 0);
		// Every gap between generated tokens is an inter-token latency: reasoning and tool arguments keep TPOT honest.
		expect(endpoint.interTokenMs?.p50).toBeGreaterThan(0);
	});

	it('asks legacy completions streams for usage, as chat streams are asked', async () => {
		const litellm = openAiCompatibleStreams.find((streamCase) => streamCase.flags('x').includes('completions'));
		const {server} = await measure(litellm!);
		expect(server.requests[0]?.path).toBe('/v1/completions');
		expect(server.requests[0]?.body).toMatchObject({stream: true, stream_options: {include_usage: true}});
	});
});
