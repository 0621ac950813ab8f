import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {JsonSummary} from '../../source/output/json.js';
import {type MockProcess, runCli, startMockProcess} from '../helpers/cli.js';
import {installed, nginxStreaming, portkeyServer, type RealGateway, startNginx, startPortkey} from '../helpers/gateways.js';
import {pairedTtftMedian} from '../helpers/paired-client.js';

/**
 * gatebench's paired figure for the TTFT a gateway adds, checked against a client of the test's own
 * (built-ins only, sequential pairs, the same request to the byte). A gateway's own pace drifts as
 * it warms up, so the test's client measures just before and just after gatebench, and gatebench
 * is held to the mean of the two.
 */
let mock: MockProcess;
const gateways: RealGateway[] = [];
beforeAll(async () => {
	mock = await startMockProcess(['--ttft-ms', '3', '--token-delay-ms', '1', '--jitter-ms', '0', '--min-tokens', '2', '--max-output-tokens', '2']);
});
afterAll(async () => {
	await Promise.all(gateways.splice(0).map(async (gateway) => gateway.stop()));
	await mock?.stop();
});

type PairedFigure = {percentile: number; differenceMs: number | null; low: number | null; high: number | null; clear: boolean};

/** gatebench's overhead run through `gateway`, one request at a time: the paired p50 of the added TTFT. */
async function addedTtft(gateway: string, pairs: number, headers: Record<string, string>): Promise<PairedFigure> {
	const args = ['--no-tui', '--through', `${gateway}/v1`, '--upstream', `${mock.url}/v1`, '-n', String(pairs), '-c', '1', '--json', '-'];
	const sent = Object.entries(headers).flatMap(([name, value]) => ['-H', `${name}: ${value}`]);
	const {code, stdout, stderr} = await runCli([...args, ...sent], {env: {OPENAI_API_KEY: undefined}});
	expect(code, stderr).toBe(0);
	const paired = (JSON.parse(stdout) as JsonSummary).comparison?.against[0]?.paired as {metrics: {ttft?: {figures: PairedFigure[]}}} | null | undefined;
	const p50 = paired?.metrics.ttft?.figures.find((figure) => figure.percentile === 50);
	expect(p50?.differenceMs).toBeTypeOf('number');
	return p50!;
}

/** gatebench's added TTFT p50 through `gateway`, and the test's client's, measured around it. */
async function bracketed(gateway: string, pairs: number, headers: Record<string, string> = {}) {
	const client = async () => pairedTtftMedian(`${mock.url}/v1`, `${gateway}/v1`, pairs, {candidate: headers});
	await pairedTtftMedian(`${mock.url}/v1`, `${gateway}/v1`, pairs / 2, {candidate: headers});
	const before = await client();
	const measured = await addedTtft(gateway, pairs, headers);
	const after = await client();
	return {measured, independent: (before + after) / 2};
}

describe.skipIf(!installed('nginx'))('what nginx set up for streaming adds', () => {
	it('is judged above zero and under a millisecond, its interval leaving zero out, within 0.5 ms of the test’s own client', async () => {
		const nginx = await startNginx(mock.url, nginxStreaming);
		gateways.push(nginx);
		const {measured, independent} = await bracketed(nginx.url, 120);
		expect(measured.differenceMs).toBeGreaterThan(0);
		expect(measured.differenceMs).toBeLessThan(1);
		expect(measured).toMatchObject({clear: true});
		expect(measured.low).toBeGreaterThan(0);
		expect(
			Math.abs((measured.differenceMs ?? Number.NaN) - independent),
			`gatebench ${measured.differenceMs} ms, the test's client ${independent} ms`,
		).toBeLessThan(0.5);
	});
});

describe.skipIf(portkeyServer === undefined)('what Portkey adds', () => {
	// Portkey adds ~24 ms here, most of it its own computing on a shared 2-core machine: gatebench
	// read a mean 0.4 ms above the test's client over ten bracketed runs (0.25 to 0.65), within 0.5 ms
	// in eight. The test holds it to 1 ms; docs/gateways.md says so.
	it('is measured by gatebench within a millisecond of the test’s own client', async () => {
		const portkey = await startPortkey();
		gateways.push(portkey);
		const headers = {'x-portkey-provider': 'openai', 'x-portkey-custom-host': `${mock.url}/v1`};
		const {measured, independent} = await bracketed(portkey.url, 40, headers);
		expect(independent).toBeGreaterThan(3);
		expect(
			Math.abs((measured.differenceMs ?? Number.NaN) - independent),
			`gatebench ${measured.differenceMs} ms, the test's client ${independent} ms`,
		).toBeLessThan(1);
	});
});
