import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {parseHTML} from 'linkedom';
import {describe, expect, it} from 'vitest';
import {runCli} from '../helpers/cli.js';
import {tempDirPerTest} from '../helpers/temp.js';

const tempDir = tempDirPerTest();

/**
 * Eight completion slots: TTFT 100 ms, then 10 tokens 10 ms apart. No search here goes past three in
 * flight, so none queues: the SLO sits 900 ms above the TTFT, where a busy moment cannot reach it (at
 * 400 ms, one step of ~15 requests was judged borderline and measured again while the checks ran beside).
 */
const eightSlots = ['--mock-slots', '8', '--mock-ttft-ms', '100', '--mock-token-delay-ms', '10', '--mock-min-tokens', '10', '--mock-max-output-tokens', '10'];
const sweep = ['--stream', '--sweep', 'concurrency', '--slo', 'ttft.p95<1s', '--step', '1s'];

type SweepJson = {
	finishedAt: string | null;
	interrupted: boolean;
	answers: Array<{endpoint: string; load: number | null; stoppedBy: string}>;
	gates: Array<{gate: string; pass: boolean; actual: number}>;
	steps: Array<{step: number; endpoint: string; concurrency: number; verdict: string; stats: {histograms: Record<string, string>}}>;
};

const readJson = (file = '') => JSON.parse(readFileSync(file, 'utf8')) as SweepJson;
const csvLines = (file: string) => readFileSync(file, 'utf8').trimEnd().split('\n');

/** The page's capacity section: each chart's lines (one per endpoint), the answers, and the step marks over time. */
function capacityPage(file: string) {
	const {document} = parseHTML(readFileSync(file, 'utf8'));
	const charts = (selector: string) => [...document.querySelectorAll(`${selector} svg`)].filter((svg) => svg.getAttribute('viewBox'));
	return {
		lines: charts('#capacity').map((chart) => chart.querySelectorAll('g[aria-label="line"] path').length),
		answers: [...document.querySelectorAll('#capacity .answers li')].map((item) => item.textContent),
		marks: charts('#over-time')[0]?.querySelectorAll('g[aria-label="rule"] line').length,
		distributions: document.querySelectorAll('#distributions .metric').length,
	};
}

describe('a capacity search from the command line', () => {
	it(
		'keeps a row per step in the CSV, a Step column in the request CSV, every step and the answer in the JSON, and gates the answer',
		{timeout: 60_000},
		async () => {
			const folder = tempDir();
			const [csv, requests, json, html] = ['sweep.csv', 'requests.csv', 'sweep.json', 'sweep.html'].map((name) => join(folder, name));
			const files = ['--csv', csv ?? '', '--request-csv', requests ?? '', '--json', json ?? '', '--html', html ?? ''];
			const gate = ['--threshold', 'capacity.concurrency>=4'];
			const {code, stdout, stderr} = await runCli(['--openai', 'mock', ...sweep, '--max-concurrency', '3', ...eightSlots, ...files, ...gate]);
			// Three in flight held, and the gate asked for four: exit 3, as a failed --threshold.
			expect(code, stderr).toBe(3);
			expect(stdout).toMatch(
				/^capacity: 3 in flight \(step 3, [\d.]+ req\/s completed, goodput [\d.]+ req\/s, [\d.]+ output tokens\/s\); no load tried broke it; knee at \d in flight\nthreshold failed: capacity\.concurrency>=4 \(was 3\.00\)\n$/,
			);
			expect(stderr).toMatch(
				/^step 2 {2}concurrency 2 {2}[\d.]+ req\/s {2}goodput [\d.]+ req\/s {2}\d+ requests {2}ttft\.p95<1s: [\d.]+ \[[\d.]+, [\d.]+\] pass {2}→ pass$/m,
			);

			const summary = readJson(json ?? '');
			expect(summary.answers).toMatchObject([{load: 3, stoppedBy: 'maximum'}]);
			expect(summary.gates).toEqual([{endpoint: summary.answers[0]?.endpoint, gate: 'capacity.concurrency>=4', actual: 3, pass: false}]);
			expect(summary.finishedAt).not.toBeNull();
			expect(summary.steps.map((step) => step.concurrency)).toEqual([1, 2, 3]);
			expect(Object.keys(summary.steps[0]?.stats.histograms ?? {})).toContain('ttft');

			const [header, ...rows] = csvLines(csv ?? '');
			expect(header).toMatch(
				/^Step,Concurrency,Rate \(req\/s\),Verdict,Repeat,Saturated,Goodput \(req\/s\),Goodput Tokens\/s,ttft\.p95<1s,Endpoint,Average \(ms\)/,
			);
			expect(rows.map((row) => row.split(',').slice(0, 4).join(','))).toEqual(['1,1,,pass', '2,2,,pass', '3,3,,pass']);

			const [requestHeader, ...requestRows] = csvLines(requests ?? '');
			expect(
				requestHeader?.endsWith(
					',Phase,Prompt ID,Requested Output Tokens,Input Tokens Counted,Session,Turn,Header x-portkey-retry-attempt-count,Header server-timing,Step',
				),
			).toBe(true);
			const stepOf = (row: string) => Number(row.slice(row.lastIndexOf(',') + 1));
			const perStep = [1, 2, 3].map((step) => requestRows.filter((row) => stepOf(row) === step).length);
			// Each step measured for a second: about 5, 10 and 15 requests of ~200 ms (and none of the warm-up).
			expect(perStep.every((count) => count > 0)).toBe(true);
			expect(requestRows.length).toBe(perStep.reduce((sum, count) => sum + count, 0));
			expect(perStep[2]).toBeGreaterThan(perStep[0] ?? Number.POSITIVE_INFINITY);

			// The page: the answer, three curves through the three loads, each step marked over time.
			expect(stderr).toContain(`saved ${html}`);
			const page = capacityPage(html ?? '');
			expect(page.lines).toEqual([1, 1, 1]);
			expect(page.answers).toEqual([expect.stringMatching(/: 3 in flight \(step 3,/)]);
			expect(page.marks).toBe(3);
			expect(page.distributions).toBeGreaterThanOrEqual(4);
		},
	);

	it('Ctrl-C mid-search keeps every finished step in every file and reports the answer so far', {timeout: 60_000}, async () => {
		const folder = tempDir();
		const [csv, json] = ['sweep.csv', 'sweep.json'].map((name) => join(folder, name));
		const {code, stdout, stderr} = await runCli(['--openai', 'mock', ...sweep, ...eightSlots, '--csv', csv ?? '', '--json', json ?? ''], {
			onStart: (child) => {
				let seen = '';
				const listen = (chunk: Buffer) => {
					seen += chunk.toString();
					if (!/^step 2 /m.test(seen)) return;
					child.stderr?.off('data', listen);
					child.kill('SIGINT');
				};
				child.stderr?.on('data', listen);
			},
		});
		expect(code, stderr).toBe(130);
		expect(stdout).toMatch(/^capacity: 2 in flight \(step 2, .*\); stopped early: the answer so far/);
		const summary = readJson(json ?? '');
		expect(summary.interrupted).toBe(true);
		expect(summary.steps.map((step) => step.concurrency)).toEqual([1, 2]);
		expect(csvLines(csv ?? '')).toHaveLength(3);
	});

	it('sweeps each endpoint of a comparison in turn and answers for each', {timeout: 90_000}, async () => {
		const [json, html] = ['sweep.json', 'sweep.html'].map((name) => join(tempDir(), name));
		const {code, stdout, stderr} = await runCli([
			'--openai',
			'mock',
			'--anthropic',
			'mock',
			...sweep,
			'--max-concurrency',
			'2',
			...eightSlots,
			'--json',
			json ?? '',
			'--html',
			html ?? '',
		]);
		expect(code, stderr).toBe(0);
		const summary = readJson(json);
		expect(summary.answers.map((answer) => answer.load)).toEqual([2, 2]);
		const names = summary.answers.map((answer) => answer.endpoint);
		expect(new Set(names).size).toBe(2);
		expect(summary.steps.map((step) => [step.endpoint, step.concurrency])).toEqual([
			[names[0], 1],
			[names[0], 2],
			[names[1], 1],
			[names[1], 2],
		]);
		for (const name of names) expect(stdout).toContain(`capacity ${name}: 2 in flight`);
		// A curve per endpoint in each chart, an answer each.
		const page = capacityPage(html ?? '');
		expect(page.lines).toEqual([2, 2, 2]);
		expect(page.answers).toHaveLength(2);
	});

	it('sweeps WebSocket pings as it does completions', {timeout: 60_000}, async () => {
		const {code, stdout, stderr} = await runCli([
			'--pipeline',
			'websocket',
			'--sweep',
			'concurrency',
			'--slo',
			'latency.p95<1s',
			'--step',
			'500ms',
			'--max-concurrency',
			'2',
		]);
		expect(code, stderr).toBe(0);
		expect(stderr).toMatch(/^step 4 {2}ws\(s\): sourcegraph {2}concurrency 2 {2}[\d.]+ req\/s .* latency\.p95<1s: [\d.]+ \[[\d.]+, [\d.]+\] pass/m);
		expect(stdout).toMatch(/^capacity ws\(s\): gateway: 2 in flight \(step 2, [\d.]+ req\/s completed, goodput [\d.]+ req\/s\);/m);
	});

	it("sweeps the original suite's completions through the gateway and Sourcegraph paths, not streamed", {timeout: 60_000}, async () => {
		const args = [
			'--pipeline',
			'completions',
			'--provider',
			'fireworks',
			'--sweep',
			'concurrency',
			'--slo',
			'latency.p95<2s',
			'--step',
			'500ms',
			'--max-concurrency',
			'2',
		];
		const {code, stdout, stderr} = await runCli([...args, '--mock-ttft-ms', '20', '--mock-token-delay-ms', '2', '--no-tui']);
		expect(code, stderr).toBe(0);
		const answers = stdout.trim().split('\n');
		expect(answers).toHaveLength(2);
		for (const line of answers) expect(line).toMatch(/^capacity \S.*: 2 in flight \(step \d, /);
		expect(stderr).toMatch(/^step 1 {2}\S.* {2}concurrency 1 .* latency\.p95<2s: [\d.]+ \[[\d.]+, [\d.]+\] pass/m);
	});
});
