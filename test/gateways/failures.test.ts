import {readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {parse} from 'csv-parse/sync';
import {describe, expect, it} from 'vitest';
import type {JsonSummary} from '../../source/output/json.js';
import {runCli} from '../helpers/cli.js';
import {installed, nginxStreaming, type RealGateway, startHaproxy, startNginx} from '../helpers/gateways.js';
import {closedPortUrl} from '../helpers/ports.js';
import {tempDirPerTest} from '../helpers/temp.js';

const tempDir = tempDirPerTest();

/**
 * The upstream fails some requests on purpose (a 429 with retry-after; headers held 1.2 s, past
 * the gateways' 400 ms timeouts) and witnesses what became of each: what the client got, direct
 * and through nginx and HAProxy.
 */
describe.skipIf(!installed('nginx') || !installed('haproxy'))('failures the upstream injects, through nginx and HAProxy', () => {
	it('are passed through (429) or timed out (headers held past the gateway’s timeout: 504), per gateway, and the output says which', async () => {
		const port = new URL(await closedPortUrl()).port;
		const upstream = `http://127.0.0.1:${port}`;
		const gateways: RealGateway[] = [
			await startNginx(upstream, `${nginxStreaming} proxy_read_timeout 400ms;`),
			await startHaproxy(upstream, 'timeout server 400ms'),
		];
		try {
			const through = gateways.flatMap((gateway) => ['--through', `${gateway.url}/v1`]);
			const mock = ['--mock-ttft-ms', '5', '--mock-token-delay-ms', '1', '--mock-min-tokens', '5', '--mock-max-output-tokens', '5'];
			const faults = [
				'--mock-fail-rate',
				'0.25',
				'--mock-fail-status',
				'429',
				'--mock-fault',
				'slow-headers',
				'--mock-fault-rate',
				'0.25',
				'--mock-stall-ms',
				'1200',
			];
			const requestCsv = join(tempDir(), 'requests.csv');
			const page = join(tempDir(), 'report.html');
			const keep = ['--record-header', 'Retry-After', '--request-csv', requestCsv, '--html', page];
			const {code, stdout, stderr} = await runCli(
				['--no-tui', ...through, '--mock-port', port, '-n', '24', '-c', '4', '--json', '-', ...mock, ...faults, ...keep],
				{
					env: {OPENAI_API_KEY: undefined},
				},
			);
			expect(code, stderr).toBe(0);
			const [direct, nginx, haproxy] = (JSON.parse(stdout) as JsonSummary).endpoints;
			// Going direct, the client gets the 429 and waits out the held headers.
			expect(direct?.witness?.faults['status 429']?.clientGot).toEqual({http_429: direct?.witness?.faults['status 429']?.requests});
			expect(direct?.witness?.faults['slow-headers']?.clientGot).toEqual({ok: direct?.witness?.faults['slow-headers']?.requests});
			for (const gateway of [nginx, haproxy]) {
				const rateLimited = gateway?.witness?.faults['status 429'];
				expect(rateLimited?.requests).toBeGreaterThan(0);
				expect(rateLimited).toMatchObject({clientGot: {http_429: rateLimited?.requests}, retried: 0, abandoned: 0});
				const held = gateway?.witness?.faults['slow-headers'];
				expect(held?.requests).toBeGreaterThan(0);
				// Each gateway gave up on the upstream at its timeout and answered 504 Gateway Timeout.
				expect(held).toMatchObject({clientGot: {http_504: held?.requests}, retried: 0, abandoned: held?.requests});
				expect(held?.abandonedAfterMs).toBeGreaterThan(300);
				expect(held?.abandonedAfterMs).toBeLessThan(1200);
			}

			// The header asked for is kept with each request: every 429's retry-after, as each gateway passed it on.
			const rows = parse(readFileSync(requestCsv, 'utf8'), {columns: true}) as Array<Record<string, string>>;
			const limited = rows.filter((row) => row['Status'] === '429');
			expect(limited.length).toBeGreaterThan(0);
			expect(new Set(limited.map((row) => row['Header retry-after']))).toEqual(new Set(['2']));
			expect(new Set(rows.filter((row) => row['Status'] === '200').map((row) => row['Header retry-after']))).toEqual(new Set(['']));
			expect(stderr).toMatch(/ {4}status 429 ×\d+: passed through → http_429 \d+/);
			// The HTML report has the same, per gateway.
			const html = readFileSync(page, 'utf8');
			expect(html).toContain('<h2>What the upstream saw</h2>');
			expect(html).toContain('<th>First token p50</th>');
			expect(html).toMatch(/<li>status 429 ×\d+: passed through → http_429 \d+<\/li>/);
			expect(html).toMatch(/<li>slow-headers ×\d+: timed out \(the upstream was left after [\d.]+ ms on average\) → http_504 \d+<\/li>/);
			// `gatebench report` of the saved run reads the record back and says the same.
			const saved = join(tempDir(), 'run.json');
			writeFileSync(saved, stdout);
			const report = await runCli(['report', saved]);
			expect(report.code, report.stderr).toBe(0);
			expect(report.stdout).toContain('What the upstream saw');
			expect(report.stdout).toMatch(/ {4}status 429 ×\d+: passed through → http_429 \d+/);
			expect(stderr).toMatch(/ {4}slow-headers ×\d+: timed out \(the upstream was left after \d+\.\d+ ms on average\) → http_504 \d+/);
		} finally {
			await Promise.all(gateways.map(async (gateway) => gateway.stop()));
		}
	});
});
