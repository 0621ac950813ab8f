import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {JsonSummary} from '../../source/output/json.js';
import {runCli, type MockProcess, startMockProcess} from '../helpers/cli.js';
import {installed, nginxStreaming, type RealGateway, startHaproxy, startNginx} from '../helpers/gateways.js';
import {closedPortUrl} from '../helpers/ports.js';
import {tempDirPerTest} from '../helpers/temp.js';

const tempDir = tempDirPerTest();

/**
 * Real gateways (nginx and HAProxy from Debian) in front of gatebench's mock, each compared with
 * the mock directly: what the client alone can tell of what each did to the replies. The mock
 * paces its streams (headers at once, the first token after 30 ms, then 12 tokens 10 ms apart).
 */
const pacedMock = ['--ttft-ms', '30', '--token-delay-ms', '10', '--jitter-ms', '0', '--min-tokens', '12', '--max-output-tokens', '12'];

let mock: MockProcess;
const gateways: RealGateway[] = [];
beforeAll(async () => {
	mock = await startMockProcess(pacedMock);
});
afterAll(async () => {
	await Promise.all(gateways.splice(0).map(async (gateway) => gateway.stop()));
	await mock?.stop();
});

async function started(gateway: Promise<RealGateway>): Promise<RealGateway> {
	const running = await gateway;
	gateways.push(running);
	return running;
}

type Compared = {json: JsonSummary; stdout: string; stderr: string};

/** The mock directly (the baseline) against `candidate`, 20 interleaved rounds of streams. */
async function compare(candidate: string, more: readonly string[] = []): Promise<Compared> {
	const args = [
		'--no-tui',
		'--openai',
		`${mock.url}/v1`,
		'--openai',
		`${candidate}/v1`,
		'--stream',
		'--interleave',
		'-n',
		'20',
		'-c',
		'2',
		'--json',
		'-',
		...more,
	];
	const {code, stdout, stderr} = await runCli(args, {env: {OPENAI_API_KEY: undefined}});
	expect(code, stderr).toBe(0);
	return {json: JSON.parse(stdout) as JsonSummary, stdout, stderr};
}

/** One request through `gateway`: its error kind and the message the run keeps for it. */
async function failureThrough(gateway: string): Promise<{errors: Record<string, number>; samples: Record<string, string>}> {
	const {code, stdout, stderr} = await runCli(['--no-tui', '--openai', `${gateway}/v1`, '--stream', '-n', '1', '--json', '-'], {
		env: {OPENAI_API_KEY: undefined},
	});
	expect(code, stderr).toBe(1);
	const [endpoint] = (JSON.parse(stdout) as JsonSummary).endpoints;
	return {errors: endpoint?.errors ?? {}, samples: endpoint?.errorSamples ?? {}};
}

const flagsOf = ({json}: Compared) => json.endpoints[1]?.fidelity.flags.map((flag) => flag.flag) ?? [];

describe.skipIf(!installed('nginx'))('through nginx (Debian nginx-light)', () => {
	it('set up for streaming, raises no flag: the replies are the upstream’s', async () => {
		const nginx = await started(startNginx(mock.url, nginxStreaming));
		const compared = await compare(nginx.url);
		expect(flagsOf(compared)).toEqual([]);
		expect(compared.json.endpoints[0]?.fidelity.flags).toEqual([]);
		expect(compared.json.comparison?.against[0]?.withheld).toBeNull();
		expect(compared.json.endpoints[1]?.fidelity.replyModels).toEqual({'gpt-4o-mini': 20});
	});

	it('with its default proxy_buffering on, is flagged buffered, and its stream metrics are marked distorted rather than better', async () => {
		const nginx = await started(startNginx(mock.url, ''));
		const compared = await compare(nginx.url);
		expect(flagsOf(compared)).toContain('buffered');
		const gateway = compared.json.endpoints[1];
		// The events arrived together: what looks like a faster stream is the buffer emptying.
		expect(gateway?.fidelity.nearZeroGaps).toBeGreaterThan(0.5 * (gateway?.fidelity.gaps ?? 0));
		expect(compared.stderr).toMatch(/flagged buffered \(\d+ % of its events arrived together/);
		expect(compared.stderr).toContain('inter-token, TPOT, longest stall of');
		expect(compared.stderr).toContain('distorted by buffering, not better');
		// Buffering changes no answer: the verdict is still said.
		expect(compared.json.comparison?.against[0]?.withheld).toBeNull();
	});

	it('rewriting the model and the usage (sub_filter), is flagged model changed and usage changed, and no verdict is said', async () => {
		const rewrite = [
			nginxStreaming,
			'proxy_set_header Accept-Encoding "";',
			'sub_filter_types text/event-stream application/json;',
			'sub_filter_once off;',
			`sub_filter '"model":"gpt-4o-mini"' '"model":"gpt-4o-cheap"';`,
			// 12 tokens become 112: one more digit in front.
			`sub_filter '"completion_tokens":' '"completion_tokens":1';`,
		].join(' ');
		const nginx = await started(startNginx(mock.url, rewrite));
		const page = join(tempDir(), 'run.html');
		const compared = await compare(nginx.url, ['--html', page]);
		expect(flagsOf(compared).sort()).toEqual(['model-changed', 'usage-changed']);
		const row = compared.json.comparison?.against[0];
		expect(row?.withheld).toMatch(/^model changed \(replies name gpt-4o-cheap, the baseline's gpt-4o-mini\)$/);
		expect(compared.stderr).toContain('verdict withheld');
		expect(compared.stderr).toMatch(/flagged usage changed \(its usage counts 9\.33 tokens an event that arrived, the baseline's 1\.00\)/);
		expect(compared.stderr).toContain('TPOT and tokens/s of');
		// The report page says so too, the names it quotes escaped.
		const html = readFileSync(page, 'utf8');
		expect(html).toContain('<h3>Flags</h3>');
		expect(html).toMatch(/model changed \(replies name gpt-4o-cheap, the baseline(&#39;|&#x27;|&apos;)s gpt-4o-mini\); usage changed/);
		expect(html).toContain('verdict withheld: it did not deliver what the baseline did');
	});
});

describe.skipIf(!installed('nginx') || !installed('haproxy'))('gateways’ own error pages', () => {
	it('are read for what they say: nginx’s 502 and HAProxy’s 503 in front of an upstream that is not there', async () => {
		const nowhere = await closedPortUrl();
		const nginx = await started(startNginx(nowhere, nginxStreaming));
		expect(await failureThrough(nginx.url)).toEqual({
			errors: {http_502: 1},
			samples: {http_502: expect.stringMatching(/^error page: 502 Bad Gateway \(nginx\/[\d.]+\)$/)},
		});
		const haproxy = await started(startHaproxy(nowhere));
		expect(await failureThrough(haproxy.url)).toEqual({
			errors: {http_503: 1},
			samples: {http_503: 'error page: 503 Service Unavailable: No server is available to handle this request.'},
		});
	});
});

describe.skipIf(!installed('haproxy'))('through HAProxy (Debian)', () => {
	it('by default holds the response headers until there is a first token: flagged held headers', async () => {
		const haproxy = await started(startHaproxy(mock.url));
		const compared = await compare(haproxy.url);
		expect(flagsOf(compared)).toContain('held-headers');
		const [direct, gateway] = compared.json.endpoints;
		// Headers and first token come in one read; a busy client may still take over 1 ms between the two (19/20 seen in CI).
		expect(gateway?.fidelity.heldHeaders).toBeGreaterThanOrEqual(18);
		expect(direct?.fidelity.heldHeaders).toBe(0);
	});
});

describe('a path that brings shorter replies', () => {
	it('is flagged did less work, and no verdict is said though it is faster', async () => {
		const shorter = await startMockProcess([...pacedMock.slice(0, -4), '--min-tokens', '5', '--max-output-tokens', '5']);
		try {
			const compared = await compare(shorter.url);
			expect(flagsOf(compared)).toEqual(['did-less-work']);
			expect(compared.json.comparison?.against[0]?.withheld).toBe('did less work (5.0 output tokens a reply, the baseline 12.0)');
			expect(compared.stderr).not.toMatch(/latency p50 [^\n]* faster in/);
		} finally {
			await shorter.stop();
		}
	});
});
