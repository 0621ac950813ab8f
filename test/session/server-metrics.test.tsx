import {readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {render} from 'ink-testing-library';
import {describe, expect, it} from 'vitest';
import type {JsonSummary} from '../../source/output/json.js';
import {scrapeOf} from '../../source/session/metrics-scraper.js';
import {readingOf} from '../../source/stats/server-metrics.js';
import Running from '../../source/ui/screens/Running.js';
import {runCli} from '../helpers/cli.js';
import {makeSnapshot} from '../helpers/drafts.js';
import {strip} from '../helpers/ink.js';
import {tempDirPerTest} from '../helpers/temp.js';

const tempDir = tempDirPerTest();

/** vLLM v1's page as it writes it: every series labelled, histograms with buckets, and much besides. */
const vllmPage = (
	running: number,
	waiting: number,
	queries: number,
	hits: number,
	queueSum: number,
	queueCount: number,
) => `# HELP vllm:num_requests_running Number of requests in model execution batches.
# TYPE vllm:num_requests_running gauge
vllm:num_requests_running{engine="0",model_name="Qwen/Qwen3-8B"} ${running}
# HELP vllm:num_requests_waiting Number of requests waiting to be processed.
# TYPE vllm:num_requests_waiting gauge
vllm:num_requests_waiting{engine="0",model_name="Qwen/Qwen3-8B"} ${waiting}
# HELP vllm:kv_cache_usage_perc KV-cache usage. 1 means 100 percent usage.
# TYPE vllm:kv_cache_usage_perc gauge
vllm:kv_cache_usage_perc{engine="0",model_name="Qwen/Qwen3-8B"} 0.4375
# HELP vllm:prefix_cache_queries_total Prefix cache queries, in terms of number of queried tokens.
# TYPE vllm:prefix_cache_queries_total counter
vllm:prefix_cache_queries_total{engine="0",model_name="Qwen/Qwen3-8B"} ${queries}
# HELP vllm:prefix_cache_hits_total Prefix cache hits, in terms of number of cached tokens.
# TYPE vllm:prefix_cache_hits_total counter
vllm:prefix_cache_hits_total{engine="0",model_name="Qwen/Qwen3-8B"} ${hits}
# HELP vllm:request_queue_time_seconds Histogram of time spent in WAITING phase for request.
# TYPE vllm:request_queue_time_seconds histogram
vllm:request_queue_time_seconds_bucket{engine="0",le="0.3",model_name="Qwen/Qwen3-8B"} ${queueCount}
vllm:request_queue_time_seconds_bucket{engine="0",le="+Inf",model_name="Qwen/Qwen3-8B"} ${queueCount}
vllm:request_queue_time_seconds_count{engine="0",model_name="Qwen/Qwen3-8B"} ${queueCount}
vllm:request_queue_time_seconds_sum{engine="0",model_name="Qwen/Qwen3-8B"} ${queueSum}
# HELP vllm:generation_tokens_total Number of generation tokens processed.
# TYPE vllm:generation_tokens_total counter
vllm:generation_tokens_total{engine="0",model_name="Qwen/Qwen3-8B"} 1.234e+05
`;

describe("the server's own metrics beside the client's", () => {
	it("reads vLLM's, SGLang's and TGI's series by name, summed over label sets, rates and queue times from what grew between scrapes", () => {
		const first = scrapeOf(vllmPage(4, 2, 1000, 250, 1.5, 10), /generation_tokens/);
		const second = scrapeOf(vllmPage(6, 3, 3000, 1250, 2.1, 13), /generation_tokens/);
		expect(readingOf(first, undefined, ['vllm:generation_tokens_total'])).toEqual({
			roles: {running: 4, waiting: 2, kvCacheUse: 43.75},
			matched: {'vllm:generation_tokens_total': 123_400},
		});
		// Hit rate: 1,000 hits of 2,000 queried tokens; queue time: 0.6 s over 3 requests.
		const {roles} = readingOf(second, first, []);
		expect(roles).toMatchObject({running: 6, waiting: 3, kvCacheUse: 43.75, prefixHitRate: 50});
		expect(roles.queueTimeMs).toBeCloseTo(200, 6);

		const sglang = scrapeOf(
			[
				'# TYPE sglang:num_running_reqs gauge',
				'sglang:num_running_reqs{model_name="m",tp_rank="0"} 7',
				'sglang:num_running_reqs{model_name="m",tp_rank="1"} 5',
				'sglang:num_queue_reqs{model_name="m"} 9',
				'sglang:token_usage{model_name="m"} 0.28',
				'sglang:cache_hit_rate{model_name="m"} 0.0075',
			].join('\n'),
			undefined,
		);
		expect(readingOf(sglang, undefined, []).roles).toEqual({running: 12, waiting: 9, kvCacheUse: 28.000000000000004, prefixHitRate: 0.75});
		const tgi = scrapeOf('tgi_batch_current_size 3\ntgi_queue_size 1\ntgi_request_queue_duration_sum 2\ntgi_request_queue_duration_count 4\n', undefined);
		expect(readingOf(tgi, undefined, []).roles).toEqual({running: 3, waiting: 1});
	});

	it('scrapes the mock’s /metrics through a run: per-second series in the JSON (endpoint by endpoint from a comparison file), charts in the HTML', async () => {
		const dir = tempDir();
		// One slot and three in flight: the mock runs one completion and queues two, as its page says.
		const run = await runCli(
			[
				'--no-tui',
				'--openai',
				'mock',
				'--stream',
				'--duration',
				'2s',
				'-c',
				'3',
				'--metrics-url',
				'mock',
				'--metrics-match',
				'^gatebench_mock_requests_total$',
				'--mock-slots',
				'1',
				'--mock-ttft-ms',
				'40',
				'--mock-token-delay-ms',
				'5',
				'--json',
				join(dir, 'run.json'),
				'--html',
				join(dir, 'run.html'),
			],
			{env: {OPENAI_API_KEY: undefined}},
		);
		expect(run.code, run.stderr).toBe(0);
		const json = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')) as JsonSummary;
		const [server] = json.serverMetrics ?? [];
		expect(server?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
		expect(server?.failures).toBe(0);
		// About three scrapes a second for two seconds and more.
		expect(server?.scrapes).toBeGreaterThanOrEqual(5);
		const running = (server?.series['running'] ?? []).filter((value) => value !== null);
		const waiting = (server?.series['waiting'] ?? []).filter((value) => value !== null);
		expect(Math.max(...running)).toBe(1);
		expect(Math.max(...waiting)).toBeGreaterThanOrEqual(1);
		expect(Math.max(...waiting)).toBeLessThanOrEqual(2);
		expect((server?.series['gatebench_mock_requests_total'] ?? []).some((value) => value !== null && value > 0)).toBe(true);
		const page = readFileSync(join(dir, 'run.html'), 'utf8');
		expect(page).toContain("The server's side");
		expect(page).toContain('requests waiting');

		const file = join(dir, 'compare.json');
		writeFileSync(
			file,
			JSON.stringify({endpoints: [{name: 'served', kind: 'openai-compatible', url: 'mock', metricsUrl: 'mock'}], load: {requests: 6, stream: true}}),
		);
		const compared = await runCli(['--no-tui', '--compare', file, '-c', '2', '--json', '-', '--mock-ttft-ms', '5', '--mock-token-delay-ms', '1'], {
			env: {OPENAI_API_KEY: undefined},
		});
		expect(compared.code, compared.stderr).toBe(0);
		const [endpointServer] = (JSON.parse(compared.stdout) as JsonSummary).serverMetrics ?? [];
		expect(endpointServer?.endpoint).toBe(0);
		expect(endpointServer?.scrapes).toBeGreaterThan(0);
	});

	it('says what the server says on the live screen, beside the endpoint, and fits', () => {
		const snapshot = {
			...makeSnapshot(1, {stream: true}),
			server: [
				{
					url: 'http://127.0.0.1:8000/metrics',
					endpoint: null,
					roles: {running: 12, waiting: 3, kvCacheUse: 45.2, queueTimeMs: 18.25},
					failures: 0,
					lastError: null,
				},
			],
		};
		const frame = render(<Running snapshot={snapshot} width={79} height={24} heading="run" sinceSnapshotMs={0} stopping={false} />).lastFrame() ?? '';
		expect(strip(frame)).toContain('server: running 12 · waiting 3 · KV 45% · queued 18.3 ms');
		expect(frame.split('\n').length).toBeLessThanOrEqual(24);
		const failing = {...snapshot, server: [{...snapshot.server[0]!, roles: {}, failures: 3, lastError: 'connect ECONNREFUSED 127.0.0.1:9'}]};
		const refused = render(<Running snapshot={failing} width={79} height={24} heading="run" sinceSnapshotMs={0} stopping={false} />).lastFrame() ?? '';
		expect(strip(refused)).toContain('server metrics: connect ECONNREFUSED 127.0.0.1:9');
	});
});
