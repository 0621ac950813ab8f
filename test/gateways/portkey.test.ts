import {describe, expect, it} from 'vitest';
import type {JsonSummary} from '../../source/output/json.js';
import {runCli} from '../helpers/cli.js';
import {portkeyServer, startPortkey} from '../helpers/gateways.js';
import {closedPortUrl} from '../helpers/ports.js';

/**
 * Portkey's gateway (npm, a development dependency) in front of the mock, which fails some requests
 * with 503: Portkey retries them as its config says, and the mock, as the upstream, counts each attempt.
 */
describe.skipIf(portkeyServer === undefined)('through Portkey (npm @portkey-ai/gateway)', () => {
	it('retrying 503s: the upstream counts the attempts, the run flags them retried, and the upstream saw what Portkey sent', async () => {
		const port = new URL(await closedPortUrl()).port;
		const portkey = await startPortkey();
		try {
			const retry = JSON.stringify({retry: {attempts: 3, on_status_codes: [503]}});
			const {code, stdout, stderr} = await runCli(
				[
					'--no-tui',
					'--through',
					`${portkey.url}/v1`,
					'--mock-port',
					port,
					'-n',
					'20',
					// Portkey backs off before each retry: four at once keep its waits from adding up.
					'-c',
					'4',
					'--json',
					'-',
					// Portkey forwards to the upstream the request names, with its retry policy.
					'-H',
					'x-portkey-provider: openai',
					'-H',
					`x-portkey-custom-host: http://127.0.0.1:${port}/v1`,
					'-H',
					`x-portkey-config: ${retry}`,
					...['--mock-ttft-ms', '10', '--mock-token-delay-ms', '2', '--mock-min-tokens', '8', '--mock-max-output-tokens', '8'],
					...['--mock-fail-rate', '0.3', '--mock-fail-status', '503'],
				],
				{env: {OPENAI_API_KEY: undefined}},
			);
			expect(code, stderr).toBe(0);
			const [direct, via] = (JSON.parse(stdout) as JsonSummary).endpoints;
			// Going direct, the 503s are the client's; through Portkey, retried until they pass (three attempts are plenty at 30 %).
			expect(direct?.errors['http_503:server_error']).toBeGreaterThan(0);
			expect(via?.successful).toBeGreaterThan(direct?.successful ?? 0);
			// Portkey's header-less forwarding still names each request: by the body's `user`.
			expect(via?.witness?.witnessed).toBe(20);
			expect(via?.witness?.amplified).toBeGreaterThan(0);
			expect(via?.witness?.attemptsPerRequest).toBeGreaterThan(1);
			expect(direct?.witness?.attemptsPerRequest).toBe(1);
			expect(via?.fidelity.flags.map((flag) => flag.flag)).toContain('retried');
			// What Portkey sent on: its own credentials header and none of its x-portkey-* ones.
			expect(via?.witness?.credentials).toBe(20);
			expect(Object.keys(via?.witness?.headers ?? {}).filter((name) => name.startsWith('x-portkey'))).toEqual([]);
			expect(stderr).toMatch(/flagged retried \(\d+\/20 requests reached the upstream more than once/);
			// Per fault: the 503s Portkey retried until they passed; and what it said of its retries, beside what the upstream counted.
			const retried = via?.witness?.faults['status 503'];
			// Every one retried; nearly all then passed (all four attempts fail 3 % of the time).
			expect(retried?.retried).toBe(retried?.requests);
			expect(retried?.clientGot['ok']).toBeGreaterThanOrEqual((retried?.requests ?? 0) - 1);
			expect(direct?.witness?.faults['status 503']?.clientGot).toEqual({http_503: direct?.witness?.faults['status 503']?.requests});
			// Every reply that passed says how often Portkey retried (one whose four attempts all failed may not);
			// when all did, their count is the upstream's.
			const reports = via?.witness?.selfReports;
			expect(reports?.retryCountRequests).toBeGreaterThanOrEqual(via?.successful ?? 20);
			if (reports?.retryCountRequests === 20) expect(reports.retryCountMean).toBeCloseTo((via?.witness?.attemptsPerRequest ?? 0) - 1, 5);
			expect(stderr).toMatch(/ {4}status 503 ×\d+: retried \(\d+\/\d+, [\d.]+ attempts each, [\d.]+ ms on average\), then ok \d+/);
			expect(stderr).toMatch(/says [\d.]+ retries a reply \(x-portkey-retry-attempt-count, \d+ replies\); the upstream counted [\d.]+/);
		} finally {
			await portkey.stop();
		}
	});
});
