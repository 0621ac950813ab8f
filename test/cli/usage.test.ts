import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {runCli} from '../helpers/cli.js';
import {tempDirPerTest} from '../helpers/temp.js';

const tempDir = tempDirPerTest();
const noTokens = {SRC_GATEWAY_TOKEN: undefined, SRC_ACCESS_TOKEN: undefined};

describe('bad usage: one clear line on stderr and exit 2', () => {
	it.each([
		['an unknown flag', ['--frobnicate'], /unknown option '--frobnicate'/],
		['a malformed URL', ['--gateway', 'not a url', '--sgd', 'x'], /--gateway.*not a valid URL/],
		['a non-http URL', ['--sourcegraph', 'ftp://example.com', '--sgp', 'x'], /http:\/\/ or https:\/\//],
		['a zero count', ['--requests', '0'], /--requests.*positive integer/],
		['a non-numeric concurrency', ['-c', 'lots'], /--concurrency.*positive integer/],
		['an unknown provider', ['--provider', 'openai'], /--provider.*anthropic, fireworks/],
		['an unknown pipeline', ['--pipeline', 'grpc'], /--pipeline.*completions, websocket, http, all/],
		['a gateway without its token', ['--gateway', 'http://127.0.0.1:9'], /--gateway needs a token: pass --sgd or set SRC_GATEWAY_TOKEN/],
		['a Sourcegraph URL without its token', ['--sourcegraph', 'http://127.0.0.1:9'], /--sourcegraph needs a token/],
		['an unknown HTTP client', ['--http-client', 'curl'], /--http-client.*raw, undici, got/],
		['a stray argument', ['extra'], /too many arguments|unknown command/],
		['an unreadable threshold', ['--threshold', 'ttft<'], /cannot read threshold "ttft<"/],
		['a threshold on an unknown metric', ['--threshold', 'speed>3'], /unknown metric "speed"/],
		['a duration without a unit', ['--duration', '30'], /--duration.*with a unit/],
		['a zero rate', ['--rate', '0'], /--rate.*> 0/],
		['an unknown arrival', ['--rate', '5', '--arrival', 'bursty'], /--arrival.*constant, poisson/],
		['an unknown probe', ['--probe', 'icmp'], /--probe icmp: use http or websocket/],
	])('%s', async (_name, args, message) => {
		const {code, stderr, stdout} = await runCli(['--no-tui', ...args], {env: noTokens});
		expect(code).toBe(2);
		expect(stderr).toMatch(message);
		expect(stderr.trim().split('\n')).toHaveLength(1);
		expect(stderr).toMatch(/^gatebench: /);
		expect(stderr).not.toMatch(/\n\s+at /);
		expect(stdout).toBe('');
	});

	it('an output path in a missing folder, before anything runs', async () => {
		const missing = join(tempDir(), 'no', 'such', 'agg.csv');
		const {code, stderr} = await runCli(['--no-tui', '--csv', missing]);
		expect(code).toBe(2);
		expect(stderr).toMatch(/^gatebench: --csv .*agg\.csv: folder .* does not exist\n$/);
	});

	it('takes tokens from the environment', async () => {
		const {code, stderr} = await runCli(['--no-tui', '--gateway', 'http://127.0.0.1:9', '--pipeline', 'http', '-n', '1'], {env: {SRC_GATEWAY_TOKEN: 'sgd_x'}});
		// Accepted: the run starts, finds nothing listening, and says so with exit 1.
		expect(stderr).not.toMatch(/needs a token/);
		expect(code).toBe(1);
		expect(stderr).toMatch(/no endpoint could be reached/);
	});

	it('prints help and version with exit 0', async () => {
		const help = await runCli(['--help']);
		expect(help.code).toBe(0);
		expect(help.stdout).toMatch(/--concurrency <n>/);
		expect(help.stdout).toMatch(/built-in mock gateway/);
		const version = await runCli(['--version']);
		expect(version.code).toBe(0);
		expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
	});

	/** Help text with each option on one line again (commander wraps descriptions to the terminal). */
	const unwrapped = (help: string) => help.replace(/\n {20,}/g, ' ');
	/** The headings of the help's sections, in order, and the flags under each. */
	const sections = (help: string) =>
		unwrapped(help)
			.split('\n\n')
			.map((block) => block.split('\n'))
			.filter(([heading]) => heading?.endsWith(':'))
			.map(([heading, ...rows]) => ({heading, flags: rows.map((row) => /^\s+(?:-\w, )?(--[\w-]+)/.exec(row)?.[1])}));

	it('groups --help into sections, as oha and k6 do, and prints no default twice', async () => {
		const {code, stdout} = await runCli(['--help']);
		expect(code).toBe(0);
		const groups = sections(stdout);
		expect(groups.map((group) => group.heading)).toEqual([
			'Options:',
			'Targets (none given: the built-in mock gateway):',
			'Load:',
			'Completions and streams:',
			'Outputs and CI gates:',
			'Comparison:',
			'What a gateway adds (docs/gateways.md):',
			'Capacity search:',
			'The built-in mock gateway (also `gatebench mock --help`):',
			'Commands:',
		]);
		const under = (heading: string) => groups.find((group) => group.heading === heading)?.flags ?? [];
		expect(under('Targets (none given: the built-in mock gateway):')).toEqual(expect.arrayContaining(['--gateway', '--anthropic', '--openai', '--header']));
		expect(under('Load:')).toEqual(expect.arrayContaining(['--requests', '--concurrency', '--rate', '--duration']));
		expect(under('Outputs and CI gates:')).toEqual(expect.arrayContaining(['--json', '--threshold', '--no-tui']));
		expect(under('Comparison:')).toEqual(['--compare', '--interleave', '--no-interleave', '--round-sends']);
		expect(under('What a gateway adds (docs/gateways.md):')).toEqual(['--through', '--upstream', '--mock-port', '--witness-token', '--record-header']);
		expect(under('Capacity search:')).toEqual(['--sweep', '--slo', '--step', '--max-concurrency', '--max-rate', '--resolution']);
		expect(under('The built-in mock gateway (also `gatebench mock --help`):')).toContain('--mock-ttft-ms');
		for (const help of [stdout, (await runCli(['mock', '--help'])).stdout]) {
			for (const line of unwrapped(help).split('\n')) expect(line.match(/\(default/g)?.length ?? 0, line).toBeLessThanOrEqual(1);
		}
	});
});

describe('gatebench mock', () => {
	it('--port 0 picks a free port and prints the real one', async () => {
		let url: string | undefined;
		const {code, stdout} = await runCli(['mock', '--port', '0', '--ping-delay-ms', '0'], {
			onStart(child) {
				let seen = '';
				child.stdout?.on('data', (chunk: Buffer) => {
					seen += chunk.toString();
					const found = /listening on (http:\/\/127\.0\.0\.1:(\d+))/.exec(seen);
					if (!found || url) return;
					url = found[1];
					void fetch(`${url}/v2/http`, {method: 'POST', body: 'ping'})
						.then(async (reply) => reply.text())
						.then((text) => {
							if (text === 'pong') child.kill('SIGTERM');
						});
				});
			},
		});
		expect(code).toBe(0);
		expect(stdout).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+ /);
		expect(Number(/:(\d+) /.exec(stdout)?.[1])).toBeGreaterThan(0);
	});

	it.each([
		['-1', /--port.*0 to 65535/],
		['65536', /--port.*0 to 65535/],
	])('refuses --port %s with one line and exit 2', async (port, message) => {
		const {code, stderr} = await runCli(['mock', '--port', port]);
		expect(code).toBe(2);
		expect(stderr).toMatch(message);
		expect(stderr.trim().split('\n')).toHaveLength(1);
	});

	it.each([
		[['mock', '--witness-token', 't', '--processes', '2'], '--witness-token needs one process: drop --processes'],
		[['--no-tui', '--upstream', 'http://127.0.0.1:9/v1'], '--upstream and --witness-token go with --through'],
		[
			['--no-tui', '--through', 'http://127.0.0.1:9/v1', '--openai', 'mock'],
			'--through measures gateways against their upstream (--upstream): not also --openai, --anthropic, --fireworks, --compare, --gateway or --sourcegraph',
		],
		[
			['--no-tui', '--through', 'http://127.0.0.1:9/v1', '--no-interleave'],
			'--through pairs each request through a gateway with one sent straight to the upstream: drop --no-interleave',
		],
		[
			['--no-tui', '--through', 'http://127.0.0.1:9/v1', '--witness-token', 't'],
			'--witness-token is for an upstream started apart (--upstream): the built-in mock keeps its record anyway',
		],
		[['--no-tui', '--through', 'not a url'], '--through/--upstream: '],
		[['--no-tui', '--record-header', 'x-a: b'], '--record-header "x-a: b": not a header name'],
	])('an overhead run refuses what does not fit, in one line: %j', async (args, message) => {
		const {code, stderr} = await runCli(args);
		expect(code).toBe(2);
		expect(stderr.startsWith(`gatebench: ${message}`)).toBe(true);
		expect(stderr.trim().split('\n')).toHaveLength(1);
	});
});

describe('a gate no endpoint of the run can have', () => {
	it('is a usage error before anything is sent, naming what would give it', async () => {
		for (const [args, message] of [
			[['--pipeline', 'http', '--threshold', 'ttft.p95<1s'], 'ttft.p95<1s: no endpoint of this run streams completions (add --stream)'],
			[['--pipeline', 'completions', '--stream', '--threshold', 'behind<1'], 'behind<1: only open-loop runs have a schedule to fall behind (add --rate)'],
			[['--pipeline', 'websocket', '--threshold', 'probe.p95<1s'], 'probe.p95<1s: the run has no probe (add --probe)'],
			[
				['--pipeline', 'websocket', '--sweep', 'concurrency', '--slo', 'itl.p99<50ms'],
				'itl.p99<50ms: no endpoint of this run streams completions (add --stream)',
			],
		] as const) {
			const {code, stdout, stderr} = await runCli(['--no-tui', ...args]);
			expect(code).toBe(2);
			expect(stderr).toBe(`gatebench: ${message}\n`);
			expect(stdout).toBe('');
		}
	});
});
