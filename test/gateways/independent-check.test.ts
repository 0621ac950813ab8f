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
const witnessToken = 'independent-check';
const gateways: RealGateway[] = [];
beforeAll(async () => {
	mock = await startMockProcess([
		...['--ttft-ms', '3', '--token-delay-ms', '1', '--jitter-ms', '0', '--min-tokens', '2', '--max-output-tokens', '2'],
		...['--witness-token', witnessToken],
	]);
});
afterAll(async () => {
	await Promise.all(gateways.splice(0).map(async (gateway) => gateway.stop()));
	await mock?.stop();
});

type PairedFigure = {percentile: number; differenceMs: number | null; low: number | null; high: number | null; clear: boolean};
type Measured = {ttft: PairedFigure; forward: PairedFigure | undefined};
type Paired = {metrics: {ttft?: {figures: PairedFigure[]}; forward?: {figures: PairedFigure[]}}} | null | undefined;

/** gatebench's overhead run through `gateway`, one request at a time, the mock witnessing: the paired p50s of the added TTFT and forwarding. */
async function added(gateway: string, pairs: number, headers: Record<string, string>): Promise<Measured> {
	const upstream = ['--upstream', `${mock.url}/v1`, '--witness-token', witnessToken];
	const args = ['--no-tui', '--through', `${gateway}/v1`, ...upstream, '-n', String(pairs), '-c', '1', '--json', '-'];
	const sent = Object.entries(headers).flatMap(([name, value]) => ['-H', `${name}: ${value}`]);
	const {code, stdout, stderr} = await runCli([...args, ...sent], {env: {OPENAI_API_KEY: undefined}});
	expect(code, stderr).toBe(0);
	const paired = (JSON.parse(stdout) as JsonSummary).comparison?.against[0]?.paired as Paired;
	const p50 = (figures: PairedFigure[] | undefined) => figures?.find((figure) => figure.percentile === 50);
	const ttft = p50(paired?.metrics.ttft?.figures);
	expect(ttft?.differenceMs).toBeTypeOf('number');
	return {ttft: ttft!, forward: p50(paired?.metrics.forward?.figures)};
}

/** gatebench's added TTFT p50 through `gateway`, and the test's client's, measured around it. */
async function bracketed(gateway: string, pairs: number, headers: Record<string, string> = {}) {
	const client = async () => pairedTtftMedian(`${mock.url}/v1`, `${gateway}/v1`, pairs, {candidate: headers});
	await pairedTtftMedian(`${mock.url}/v1`, `${gateway}/v1`, Math.ceil(pairs / 3), {candidate: headers});
	const before = await client();
	const measured = await added(gateway, pairs, headers);
	const after = await client();
	return {measured, independent: (before + after) / 2};
}

describe.skipIf(!installed('nginx'))('what nginx set up for streaming adds', () => {
	// On a quiet machine gatebench and the test's client agree within 0.2 ms here (docs/gateways.md); beside
	// another busy test file they drift apart by up to 0.9 ms between their runs, so only the client's
	// TTFT is held to nginx's real overhead, and the record's figure to its interval.
	it('is judged above zero and under a millisecond, its interval leaving zero out', async () => {
		const nginx = await startNginx(mock.url, nginxStreaming);
		gateways.push(nginx);
		const {ttft, forward} = await added(nginx.url, 80, {});
		expect(ttft.differenceMs).toBeGreaterThan(0);
		expect(ttft.differenceMs).toBeLessThan(1);
		// The request's way through nginx, from the upstream's record (net of the upstream's pace, so the pairs
		// spread little): judged above zero, its interval leaving zero out, and under a millisecond.
		expect(forward).toMatchObject({clear: true});
		expect(forward?.low).toBeGreaterThan(0);
		expect(forward?.differenceMs).toBeLessThan(1);
	});
});

describe.skipIf(portkeyServer === undefined)('what Portkey adds', () => {
	// Portkey adds ~24 ms here, most of it its own computing on a shared 2-core machine: on a quiet machine
	// gatebench read a mean 0.4 ms above the test's client over ten bracketed runs (0.25 to 0.65); beside
	// another busy test file, up to 1.4 ms. The test holds it to 2 ms; docs/gateways.md says so.
	it('is measured by gatebench within 2 ms of the test’s own client', async () => {
		const portkey = await startPortkey();
		gateways.push(portkey);
		const headers = {'x-portkey-provider': 'openai', 'x-portkey-custom-host': `${mock.url}/v1`};
		const {measured, independent} = await bracketed(portkey.url, 30, headers);
		expect(independent).toBeGreaterThan(3);
		const {ttft} = measured;
		expect(Math.abs((ttft.differenceMs ?? Number.NaN) - independent), `gatebench ${ttft.differenceMs} ms, the test's client ${independent} ms`).toBeLessThan(2);
	});
});
