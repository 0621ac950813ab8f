import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {JsonSummary} from '../../source/output/json.js';
import {type MockProcess, runCli, startMockProcess} from '../helpers/cli.js';
import {installed, nginxStreaming, type RealGateway, startNginx} from '../helpers/gateways.js';

/**
 * What nginx set up for streaming adds, judged where it is known: its real overhead is a fraction of
 * a millisecond. (gatebench against a client of its own, built-ins only, is the bench's `overhead`
 * section: beside another busy test file the two drift apart by up to 0.9 ms between their runs.)
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

describe.skipIf(!installed('nginx'))('what nginx set up for streaming adds', () => {
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
