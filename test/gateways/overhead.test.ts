import {describe, expect, it} from 'vitest';
import type {JsonSummary} from '../../source/output/json.js';
import {runCli} from '../helpers/cli.js';
import {installed, nginxStreaming, type RealGateway, startNginx, startRewritingGateway} from '../helpers/gateways.js';
import {closedPortUrl} from '../helpers/ports.js';

/** The built-in mock as the upstream, its replies `tokens` long: the first token after `ttftMs`, the rest `gapMs` apart. */
const upstreamTimings = (ttftMs: number, gapMs: number, tokens: number) =>
	['ttft-ms', ttftMs, 'token-delay-ms', gapMs, 'jitter-ms', 0, 'min-tokens', tokens, 'max-output-tokens', tokens].map((part, index) =>
		index % 2 === 0 ? `--mock-${part}` : String(part),
	);

/** An overhead run: the mock (on `port`, which the gateways were pointed at) directly, then through each gateway, 20 rounds. */
async function overhead(port: string, gateways: readonly RealGateway[], timings: readonly string[]) {
	const through = gateways.flatMap((gateway) => ['--through', `${gateway.url}/v1`]);
	const args = ['--no-tui', ...through, '--mock-port', port, '-n', '20', '--json', '-', ...timings];
	const {code, stdout, stderr} = await runCli(args, {env: {OPENAI_API_KEY: undefined}});
	expect(code, stderr).toBe(0);
	return {json: JSON.parse(stdout) as JsonSummary, stderr};
}

const flags = (endpoint: JsonSummary['endpoints'][number] | undefined) => endpoint?.fidelity.flags.map((flag) => flag.flag);

describe.skipIf(!installed('nginx'))('an overhead run, the upstream witnessing what each gateway did', () => {
	it('through nginx set up for streaming and nginx by default: each token’s way from the upstream’s write to the client, and the connections towards the upstream', async () => {
		const port = new URL(await closedPortUrl()).port;
		const upstream = `http://127.0.0.1:${port}`;
		const gateways = [await startNginx(upstream, nginxStreaming), await startNginx(upstream, '')];
		try {
			// Paced: each token 10 ms after the last, so a token held back shows.
			const {json, stderr} = await overhead(port, gateways, upstreamTimings(20, 10, 8));
			const [direct, streaming, buffered] = json.endpoints;
			expect(json.endpoints.map((endpoint) => endpoint.name)).toEqual([
				'direct: built-in mock',
				`via ${new URL(gateways[0]?.url ?? '').host}`,
				`via ${new URL(gateways[1]?.url ?? '').host}`,
			]);
			expect(json.witnessFailure).toBeNull();
			for (const endpoint of [direct, streaming, buffered]) {
				expect(endpoint?.witness).toMatchObject({witnessed: 20, unseen: 0, amplified: 0, attemptsPerRequest: 1, eventsChanged: 0});
				expect(endpoint?.witness?.body).toMatchObject({model: {'gpt-4o-mini': 20}, maxTokens: {'256': 20}, stream: {true: 20}});
			}

			// One connection to the upstream, kept alive, directly; nginx with no `keepalive` in an upstream block opens one a request.
			expect(direct?.witness?.upstreamConnections).toBe(1);
			expect(streaming?.witness?.upstreamConnections).toBe(20);
			// Each token reaches the client within a few ms of its write through the streaming nginx; the default holds them back.
			const eventDelay = (endpoint: typeof direct) => endpoint?.witness?.eventDelayMs?.p50 ?? Number.NaN;
			expect(eventDelay(direct)).toBeLessThan(5);
			expect(eventDelay(streaming)).toBeLessThan(eventDelay(direct) + 5);
			expect(eventDelay(buffered)).toBeGreaterThan(20);
			// Pair by pair from the record, net of the upstream's pace: what each nginx added to the first token's way.
			const firstToken = (index: number) =>
				json.comparison?.against[index]?.paired?.metrics['firstToken']?.figures.find((figure) => figure.percentile === 50)?.differenceMs ?? Number.NaN;
			expect(firstToken(0)).toBeLessThan(5);
			expect(firstToken(1)).toBeGreaterThan(20);
			expect(json.comparison?.against[0]?.paired?.metrics['forward']?.pairs).toBe(20);
			expect(stderr).toMatch(/ {2}first token p50 [+-][\d.]+ ms/);
			expect(flags(streaming)).toEqual([]);
			expect(flags(buffered)).toContain('buffered');
			expect(stderr).toContain('What the upstream saw');
			expect(stderr).toMatch(/via [\d.:]+: forwarded p50 [\d.]+ ms \([+-][\d.]+\) · each event p50/);
		} finally {
			await Promise.all(gateways.map(async (gateway) => gateway.stop()));
		}
	});
});

describe('an overhead run through a gateway that rewrites and retries', () => {
	it('is flagged request rewritten, retried and did less work, and no verdict is said', async () => {
		const port = new URL(await closedPortUrl()).port;
		const gateway = await startRewritingGateway(`http://127.0.0.1:${port}`, {maxTokens: 12, attempts: 2});
		try {
			const {json, stderr} = await overhead(port, [gateway], upstreamTimings(5, 1, 20));
			const via = json.endpoints[1];
			expect(via?.witness).toMatchObject({witnessed: 20, amplified: 20, attemptsPerRequest: 2, body: {maxTokens: {'12': 20}}});
			expect(flags(via)).toEqual(['did-less-work', 'request-rewritten', 'retried']);
			expect(via?.fidelity.flags.find((flag) => flag.flag === 'request-rewritten')?.detail).toBe('the upstream read maxTokens 256 → 12');
			expect(json.comparison?.against[0]?.withheld).toMatch(
				/^did less work \(12\.0 output tokens a reply, the baseline 20\.0\); request rewritten \(the upstream read maxTokens 256 → 12\)$/,
			);
			expect(stderr).toContain('flagged retried (20/20 requests reached the upstream more than once, 2.00 attempts a request)');
		} finally {
			await gateway.stop();
		}
	});
});

describe('an overhead run’s upstream', () => {
	it('gives request i the same reply on both paths, however long its replies are drawn (the mock itself as the only gateway)', async () => {
		const port = new URL(await closedPortUrl()).port;
		const args = ['--no-tui', '--through', `http://127.0.0.1:${port}/v1`, '--mock-port', port, '-n', '20', '--json', '-'];
		const timings = ['--mock-ttft-ms', '5', '--mock-token-delay-ms', '1', '--mock-min-tokens', '5', '--mock-max-output-tokens', '40'];
		const {code, stdout, stderr} = await runCli([...args, ...timings], {env: {OPENAI_API_KEY: undefined}});
		expect(code, stderr).toBe(0);
		const [direct, via] = (JSON.parse(stdout) as JsonSummary).endpoints;
		expect(direct?.outputTokens?.total).toBe(via?.outputTokens?.total);
		expect(flags(via)).toEqual([]);
	});
});
