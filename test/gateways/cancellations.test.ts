import {mkdtempSync, readFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import type {JsonSummary} from '../../source/output/json.js';
import {runCli} from '../helpers/cli.js';
import {installed, nginxStreaming, startNginx} from '../helpers/gateways.js';
import {startMock} from '../../source/mock/server.js';
import {draftFrom} from '../helpers/drafts.js';

describe.skipIf(!installed('nginx'))('client cancellations through nginx, the upstream witnessing whether each reached it', () => {
	it('counts them as cancelled, not failed, and tells a gateway that stops the upstream at once from one that does at its next write or never', async () => {
		// Tokens 50 ms apart. The upstream started apart, its record kept: the gateways point at the port it has.
		const mock = await startMock({ttftMs: 20, tokenDelayMs: 50, jitterMs: 0, minTokens: 20, maxTokens: 20, draws: 'prompt', witnessToken: 'cancel'});
		const upstream = mock.url;
		const gateways = [
			// Watches the client's connection: the upstream is left as soon as the client is.
			await startNginx(upstream, nginxStreaming),
			// Ignores the client leaving until writing to it fails, at a token after it left.
			await startNginx(upstream, `${nginxStreaming} proxy_ignore_client_abort on;`),
			// Buffers the reply and ignores the client: reads the upstream to its end.
			await startNginx(upstream, 'proxy_ignore_client_abort on;'),
		];
		try {
			// Every request given up 150 ms after it left, between the third token and the fourth.
			const through = gateways.flatMap((gateway) => ['--through', `${gateway.url}/v1`]);
			const args = [
				'--no-tui',
				...through,
				'--upstream',
				`${upstream}/v1`,
				'--witness-token',
				'cancel',
				'-n',
				'5',
				'--warmup',
				'0',
				'--cancel-rate',
				'1',
				'--cancel-after',
				'150ms',
				'--json',
				'-',
			];
			const {code, stdout, stderr} = await runCli(args, {env: {OPENAI_API_KEY: undefined}});
			expect(code, stderr).toBe(0);
			const json = JSON.parse(stdout) as JsonSummary;
			for (const endpoint of json.endpoints) {
				expect(endpoint).toMatchObject({requests: 5, successful: 0, failed: 0, cancelled: {requests: 5}});
				expect((endpoint.cancelled?.totalMs ?? 0) / 5).toBeGreaterThanOrEqual(150);
			}

			const [direct, watching, atNextWrite, never] = json.endpoints.map((endpoint) => endpoint.witness?.cancelled);
			// The mock and nginx watching the client stop at once: on a busy machine a token written as the client left may slip out (seen: 1 in 5).
			expect(direct).toMatchObject({requests: 5, stopped: 5, unended: 0});
			expect(watching).toMatchObject({requests: 5, stopped: 5});
			for (const stopping of [direct, watching]) expect(stopping?.tokensAfter).toBeLessThan(1);
			// nginx told to ignore the client finds out at a token written after it left (the fourth, 20 ms after, or the fifth).
			expect(atNextWrite?.stopped).toBe(5);
			expect(atNextWrite?.tokensAfter).toBeGreaterThanOrEqual(1);
			expect(atNextWrite?.stoppedAfterMs).toBeGreaterThan(15);
			expect(watching?.stoppedAfterMs).toBeLessThan(atNextWrite?.stoppedAfterMs ?? 0);
			expect(never).toMatchObject({requests: 5, stopped: 0});
			expect(never?.unended === 5 || (never?.tokensAfter ?? 0) >= 16).toBe(true);
			expect(stderr).toMatch(
				/cancelled ×5: the upstream stopped every one \([\d.]+ ms after the client on average\), [\d.]+ tokens a request written after the client left/,
			);
			expect(stderr).toMatch(/cancelled ×5: the upstream stopped none, and wrote/);
			expect(stderr).toContain(`via ${new URL(gateways[0]?.url ?? '').host}: 5 cancelled on purpose (after `);
		} finally {
			await Promise.all(gateways.map(async (gateway) => gateway.stop()));
			await mock.close();
		}
	});
});

describe('cancelling after so many tokens', () => {
	it('gives up the same requests on every endpoint once that many tokens arrived, and the rest succeed as ever', async () => {
		const timings = ['--mock-ttft-ms', '5', '--mock-token-delay-ms', '3', '--mock-jitter-ms', '0', '--mock-min-tokens', '12', '--mock-max-output-tokens', '12'];
		const args = [
			'--no-tui',
			'--openai',
			'mock',
			'--openai',
			'mock',
			'--interleave',
			'--stream',
			'-n',
			'30',
			'-c',
			'2',
			'--cancel-rate',
			'0.3',
			'--cancel-after',
			'3tokens',
		];
		const page = join(mkdtempSync(join(tmpdir(), 'gatebench-cancel-')), 'run.html');
		const {code, stdout, stderr} = await runCli([...args, ...timings, '--json', '-', '--html', page]);
		expect(code, stderr).toBe(0);
		const [one, two] = (JSON.parse(stdout) as JsonSummary).endpoints;
		for (const endpoint of [one, two]) {
			expect(endpoint?.failed).toBe(0);
			expect((endpoint?.successful ?? 0) + (endpoint?.cancelled?.requests ?? 0)).toBe(30);
			// The third token's event ends the request; what came after it in the same read is not counted.
			expect(endpoint?.cancelled?.outputTokens).toBe(3 * (endpoint?.cancelled?.requests ?? 0));
			expect(endpoint?.outputTokens?.total).toBe(12 * (endpoint?.successful ?? 0));
		}

		expect(one?.cancelled?.requests).toBeGreaterThan(3);
		expect(one?.cancelled?.requests).toBe(two?.cancelled?.requests);
		expect(readFileSync(page, 'utf8')).toMatch(/<td>cancelled on purpose<\/td>\s*<td class="count">\d+<\/td>/);
		expect(stderr).toMatch(/openai direct: mock: \d+ cancelled on purpose \(after [\d.]+ ms, 3\.\d output tokens on average\), neither succeeded nor failed/);
	});
});

describe('cancelling a reply that came all at once', () => {
	it('is cancelled at the token asked, though the rest arrived in the same read', async () => {
		// No pause between tokens: a reply may reach the client in one read (4 in 20 did, before this was handled).
		const timings = ['--mock-ttft-ms', '2', '--mock-token-delay-ms', '0', '--mock-min-tokens', '12', '--mock-max-output-tokens', '12'];
		const args = [
			'--no-tui',
			'--openai',
			'mock',
			'--stream',
			'-n',
			'20',
			'-c',
			'2',
			'--cancel-rate',
			'1',
			'--cancel-after',
			'3tokens',
			...timings,
			'--json',
			'-',
		];
		const {code, stdout, stderr} = await runCli(args);
		expect(code, stderr).toBe(0);
		const [endpoint] = (JSON.parse(stdout) as JsonSummary).endpoints;
		expect(endpoint).toMatchObject({requests: 20, successful: 0, failed: 0, cancelled: {requests: 20, outputTokens: 60}});
	});
});

describe('--cancel-rate and --cancel-after', () => {
	it.each([
		[['--cancel-after', '1s'], '--cancel-after goes with --cancel-rate'],
		[['--cancel-rate', '2'], '--cancel-rate 2: a share of the requests, from 0 to 1'],
		[['--cancel-rate', '0.1', '--cancel-after', '0tokens'], '--cancel-after 0tokens: at least 1 token'],
		[['--cancel-rate', '0.1', '--cancel-after', 'soon'], '--cancel-after soon: expected a time such as 500ms or a number of tokens such as 20tokens'],
		[
			['--cancel-rate', '0.1', '--cancel-after', '5tokens', '--no-stream'],
			'--cancel-after 5tokens: tokens are counted in streams: drop --no-stream, or cancel after a time',
		],
	])('refuses %j in one line', (args, message) => {
		expect(() => draftFrom(args)).toThrow(message);
	});

	it('reads a share and a time (500 ms unless said) or a number of tokens', () => {
		expect(draftFrom(['--cancel-rate', '0.25']).cancel).toEqual({share: 0.25, afterMs: 500});
		expect(draftFrom(['--cancel-rate', '0.25', '--cancel-after', '2s']).cancel).toEqual({share: 0.25, afterMs: 2000});
		expect(draftFrom(['--cancel-rate', '1', '--cancel-after', '20 tokens']).cancel).toEqual({share: 1, afterTokens: 20});
		expect(draftFrom([]).cancel).toBeUndefined();
	});
});
