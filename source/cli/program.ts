import {connectionsPerThread, ratePerThread, usableCores} from '../plan/workers.js';
import {Command, Option} from 'commander';
import {pipelineChoices, providers} from '../plan/run-plan.js';
import {roundSendsChoices} from '../plan/load-settings.js';
import {version} from '../output/version.js';
import {addMockFlags} from './mock-flags.js';
import {duration, positiveDuration} from './durations.js';
import {baseUrl, collect, nonNegativeInteger, nonNegativeNumber, port, positiveInteger, positiveNumber, proxyUrl} from './parse-values.js';

/** Raw parsed flags; `undefined` means "not given", so the console can still ask. */
export type CliFlags = {
	gateway?: string;
	sourcegraph?: string;
	sgd?: string;
	sgp?: string;
	pipeline?: string;
	provider?: string;
	stream?: boolean;
	maxTokens?: number;
	requests?: number;
	concurrency?: number;
	csv?: string;
	requestCsv?: string;
	json?: string;
	html?: string;
	useSpecialHeader?: string | boolean;
	httpClient: string;
	http2?: boolean;
	http2Streams?: number;
	timeout?: number;
	duration?: number;
	rate?: number;
	arrival: string;
	warmup?: number;
	cancelRate?: number;
	cancelAfter?: string;
	probe?: string | boolean;
	probeRate: number;
	threshold?: string[];
	tui: boolean;
	overwrite?: boolean;
	anthropic?: string | boolean;
	fireworks?: string | boolean;
	openai?: string[];
	apiKeyEnv?: string;
	api?: string;
	metricsUrl?: string[];
	metricsMatch?: string;
	model?: string;
	prompt?: string;
	promptFile?: string;
	prompts?: string;
	trace?: string;
	traceSpeed?: number;
	turns?: string;
	thinkTime?: number;
	sessionHeader?: string;
	seed?: number;
	startAt?: string;
	workers?: number;
	uniquePrefix?: boolean;
	inputTokens?: string;
	outputTokens?: string;
	exactOutput?: boolean;
	temperature?: number;
	header?: string[];
	compare?: string;
	through?: string[];
	recordHeader?: string[];
	upstream?: string;
	witnessToken?: string;
	mockPort?: number;
	interleave?: boolean;
	roundSends: string;
	sweep?: string;
	slo?: string[];
	step?: number;
	maxConcurrency?: number;
	maxRate?: number;
	resolution?: string;
	caFile?: string;
	insecure?: boolean;
	proxy?: string;
	[mockFlag: string]: unknown;
};

export const defaultSpecialHeader = 'gatebench';

/**
 * The flags, grouped in `--help` the way oha and k6 group theirs. A default that commander applies
 * is printed by commander; one applied later (the console may still ask) is written in the same form.
 */
export function createProgram(): Command {
	const program = new Command('gatebench')
		.description('Benchmark LLM gateways and AI provider endpoints: live in a terminal console, or headless for scripts and CI.')
		.version(version, '-V, --version');

	program
		.optionsGroup('Targets (none given: the built-in mock gateway):')
		.option('--gateway <url>', 'Cody Gateway base URL', baseUrl)
		.option('--sourcegraph <url>', 'Sourcegraph instance base URL', baseUrl)
		.option('--sgd <token>', 'gateway token, sent as Bearer (default: $SRC_GATEWAY_TOKEN)')
		.option('--sgp <token>', 'Sourcegraph access token, sent as token (default: $SRC_ACCESS_TOKEN)')
		.addOption(new Option('--pipeline <p>', 'what to benchmark (default: asked in the console, "all" headless)').choices(pipelineChoices))
		.addOption(new Option('--provider <p>', 'completions provider of the gateway targets (default: "anthropic")').choices(providers))
		.option('--anthropic [url]', 'also the Anthropic Messages API directly (default: https://api.anthropic.com; key $ANTHROPIC_API_KEY)')
		.option('--fireworks [url]', 'also Fireworks directly (default: https://api.fireworks.ai/inference/v1; key $FIREWORKS_API_KEY)')
		.option('--openai <url>', 'also an OpenAI-compatible base URL, e.g. http://localhost:8000/v1 (key $OPENAI_API_KEY, optional); repeatable', collect)
		.option('--api-key-env <name>', 'environment variable holding the key of the direct endpoints')
		.option('-H, --header <header>', "extra request header 'Name: value', repeatable", collect)
		.option('--use-special-header [value]', `add the cody-core-gc-test header to Sourcegraph pings (value default: "${defaultSpecialHeader}")`)
		.addOption(new Option('--http-client <c>', 'HTTP transport for measured requests').choices(['raw', 'undici', 'got']).default('raw'))
		.option('--http2', 'speak HTTP/2: h2 by ALPN over https, h2c with prior knowledge over http (default and undici clients)')
		.option('--http2-streams <n>', 'with --http2: requests in flight on one connection at most; more open more connections (default: 100)', positiveInteger)
		.option('--proxy <url>', 'send every request through this HTTP(S) proxy (default: $HTTPS_PROXY / $HTTP_PROXY; $NO_PROXY is honoured)', proxyUrl)
		.option('--ca-file <file>', "also trust this PEM file's certificate authorities (a private CA), beside the system's")
		.option('--insecure', 'skip TLS certificate checks (a test gateway only: said loudly in every output)');

	program
		.optionsGroup('Load:')
		.option('-n, --requests <n>', 'requests per endpoint (default: 1000)', positiveInteger)
		.option('-c, --concurrency <n>', 'requests in flight per endpoint (default: 1)', positiveInteger)
		.option('--duration <time>', 'run each endpoint this long, e.g. 30s (with --requests: whichever ends first)', positiveDuration)
		.option('--rate <r>', 'open loop: requests per second per endpoint, sent on schedule', positiveNumber)
		.addOption(new Option('--arrival <a>', 'rate mode: evenly spaced or Poisson arrivals').choices(['constant', 'poisson']).default('constant'))
		.option(
			'--warmup <n>',
			'requests per endpoint sent first and left out of every statistic and file (default: 0; an overhead run, two per connection)',
			nonNegativeInteger,
		)
		.option(
			'--cancel-rate <share>',
			'cancel this share of requests mid-way, as users stopping a generation (0 to 1; drawn from the seed, the same requests on every endpoint)',
			positiveNumber,
		)
		.option(
			'--cancel-after <when>',
			'when a cancelled request is given up: a time from its start (500ms) or a number of streamed tokens (20tokens) (default: 500ms)',
		)
		.option('--timeout <time>', 'per-request timeout, e.g. 30s; 0s for none (default: 60s completions, 10s pings)', duration)
		.option('--probe [kind]', 'ping the same target (http or websocket) beside completions: the network floor under load')
		.option('--probe-rate <r>', 'probe pings per second', positiveNumber, 5)
		.option(
			'--workers <n>',
			`measuring threads each endpoint's connections are spread over (default: one per ${connectionsPerThread} connections, or per ${ratePerThread}/s with --rate, up to the cores but one: here ${Math.max(1, usableCores() - 1)})`,
			positiveInteger,
		);

	program
		.optionsGroup('Completions and streams:')
		.option('--stream', 'stream completions as SSE')
		.option('--no-stream', 'do not stream completions (the default)')
		.option('--max-tokens <n>', 'max tokens to generate (default: 256)', positiveInteger)
		.option('--model <model>', 'model of every completions request')
		.option('--prompt <text>', 'prompt of every completions request')
		.option('--prompt-file <file>', 'read the prompt from a file')
		.option('--turns <n[:sd]>', 'multi-turn sessions: each of -c sessions sends this many turns, each carrying the conversation so far and the last answer')
		.option('--think-time <time>', 'with --turns: the pause before each later turn, e.g. 2s (default: 0)', duration)
		.option('--session-header <name>', "with --turns: send each session's id in this header (gateways' session affinity)")
		.option(
			'--trace <file>',
			'replay a recorded trace at its times: Mooncake JSONL (timestamp ms, input_length, output_length, hash_ids) or JSONL/CSV of time, input and output tokens',
		)
		.option('--trace-speed <x>', 'replay the trace this many times faster (default: 1)', positiveNumber)
		.option('--prompts <file>', 'a prompt set, one prompt per request in order: JSONL (prompt or messages), OpenAI batch JSONL, ShareGPT JSON or text lines')
		.option('--input-tokens <n[:sd]>', 'synthetic prompts of this many tokens (OpenAI o200k_base), or a mean and standard deviation, e.g. 512:64')
		.option('--output-tokens <n[:sd]>', 'ask each request for this many output tokens (max_tokens), or a mean and standard deviation')
		.option('--exact-output', "with --output-tokens, also send vLLM's min_tokens and ignore_eos, so every server generates just that many")
		.option(
			'--unique-prefix',
			'a prefix of its own on every prompt, so prefix and response caches cannot serve repeats (default with --prompts and --input-tokens)',
		)
		.option('--no-unique-prefix', 'send prompts as they are, even from --prompts')
		.option('--start-at <time>', 'hold the first measured request until then (an ISO time such as 2026-12-02T10:00:00Z, or +30s): runs on many hosts overlap')
		.option('--seed <n>', 'draw prompts from --prompts at random, and Poisson arrivals, the same way each run', nonNegativeInteger)
		.option('--temperature <t>', 'sampling temperature', nonNegativeNumber)
		.addOption(new Option('--api <api>', 'OpenAI-style API of the direct endpoints (default: "chat")').choices(['chat', 'completions', 'responses']));

	program
		.optionsGroup('Outputs and CI gates:')
		.option('--csv <file>', 'write the aggregate CSV here')
		.option('--request-csv <file>', 'write one CSV row per request here, as requests complete')
		.option('--json <file>', 'write the JSON summary here ("-" for stdout)')
		.option('--html <file>', 'write a report to share: one self-contained HTML page with the table and plots')
		.option('--overwrite', 'replace existing --csv/--request-csv/--json/--html files instead of refusing')
		.option(
			'--metrics-url <url>',
			"the server's Prometheus page, scraped ~3 times a second into the live screen, JSON and report; 'mock' for the built-in mock's; repeatable",
			collect,
		)
		.option('--metrics-match <regex>', 'also keep the scraped series whose names match, beside the known ones (vLLM, SGLang, TGI, LiteLLM)')
		.option('--threshold <expr>', 'CI gate, repeatable: e.g. ttft.p95<800ms, latency.p99<2s, success>=99% (exit 3 when one fails)', collect)
		.option('--no-tui', 'run headless even in a terminal');

	program
		.optionsGroup('Comparison:')
		.option('--compare <file>', 'benchmark the endpoints listed in a comparison file (JSON)')
		.option(
			'--interleave',
			'send request i to every endpoint at once, and i+1 when all have answered, so drift hits all alike (-c stays per endpoint); the console does this by default for two or more endpoints',
		)
		.option('--no-interleave', 'one endpoint after another, even in the console')
		.addOption(
			new Option(
				'--round-sends <how>',
				'how an interleaved round sends request i: in-turn (one endpoint after another, in an order drawn for the round) or together (all at once)',
			)
				.choices(roundSendsChoices)
				.default('in-turn'),
		);

	program
		.optionsGroup('What a gateway adds (docs/gateways.md):')
		.option(
			'--through <url>',
			'a gateway forwarding to the upstream, e.g. http://127.0.0.1:8080/v1: each is measured against the upstream directly, pair by pair; repeatable',
			collect,
		)
		.option(
			'--upstream <url>',
			'with --through: the upstream the gateways forward to, an OpenAI-compatible base URL (default: the built-in mock, which witnesses what arrived)',
		)
		.option('--mock-port <n>', 'the built-in mock listens on this port of 127.0.0.1, for gateways to be pointed at (default: a free one)', port)
		.option('--witness-token <token>', 'with --upstream: the upstream is `gatebench mock --witness-token` and its record is read with this token')
		.option(
			'--record-header <name>',
			'keep this reply header of every request in the request CSV, repeatable (x-portkey-retry-attempt-count and server-timing always are)',
			collect,
		);

	program
		.optionsGroup('Capacity search:')
		.option(
			'--sweep <what>',
			'find the most load each endpoint sustains within --slo: concurrency (1, 2, 4, … then bisected) or rate (from the single-stream rate up, judged from the scheduled send)',
		)
		.option(
			'--slo <expr>',
			'what each step must hold with confidence, repeatable, as --threshold: e.g. ttft.p95<800ms, success>=99%; with --through, a budget on what each gateway adds: added.p99<5ms, added.ttft.p50<1ms',
			collect,
		)
		.option('--step <time>', 'how long each step of --sweep is measured, after a warm-up (default: 20s)', positiveDuration)
		.option('--max-concurrency <n>', 'the highest concurrency --sweep tries (default: 256)', positiveInteger)
		.option('--max-rate <n>', 'the highest rate --sweep rate tries, requests/s (default: 1000)', positiveNumber)
		.option(
			'--resolution <n|n%>',
			'stop bisecting when the last load that held and the first that broke are this close (default: 1 in flight, or 5% of the rate)',
		);

	program.optionsGroup('The built-in mock gateway (also `gatebench mock --help`):');
	addMockFlags(program, 'mock-');
	program.optionsGroup('Options:');
	program.configureHelp({sortOptions: false});
	// Subcommands (mock, report) have options of their own, such as report's --json.
	program.enablePositionalOptions();
	return program;
}

export function addReportCommand(
	program: Command,
	action: (files: string[], options: {merge?: boolean; json?: string; html?: string; overwrite?: boolean}) => Promise<void>,
): void {
	program
		.command('report')
		.description('side-by-side table of saved --json runs; --merge combines runs of the same endpoints (e.g. from several machines) exactly')
		.argument('<files...>', 'JSON files written by --json')
		.option('--merge', 'merge same-named endpoints across files into one histogram each')
		.option('--json <file>', 'with --merge: write the merged run here ("-" for stdout)')
		.option('--html <file>', 'write the runs (side by side, or merged with --merge) as one self-contained HTML page with the plots')
		.option('--overwrite', 'replace an existing --json or --html file')
		.action(action);
}

export function addCalibrateCommand(program: Command, action: (options: {step: number; httpClient: string; timingError: number}) => Promise<void>): void {
	program
		.command('calibrate')
		.description(
			"measure this client's ceiling on this machine (requests/s and streamed events/s within 1 ms of timing error) and keep it for every later run to state",
		)
		.addOption(new Option('--step <duration>', 'length of each measured step').argParser(positiveDuration).default(2000, '2s'))
		.addOption(
			new Option('--timing-error <duration>', "the client's own timing error (p99 loop lag) the ceiling is held to")
				.argParser(positiveDuration)
				.default(1, '1ms'),
		)
		.addOption(new Option('--http-client <c>', 'the transport to calibrate').choices(['raw', 'undici', 'got']).default('raw'))
		.action(action);
}

export function addMockCommand(program: Command, action: (options: Record<string, unknown>) => Promise<void>): void {
	const mock = program
		.command('mock')
		.description('run the built-in mock gateway until Ctrl-C')
		.option('--port <n>', 'port to listen on; 0 picks a free one', port, 9992)
		.option('--host <host>', 'address to listen on', '127.0.0.1')
		.option('--require-token <token>', 'answer 401 unless this token is sent')
		.option('--witness-token <token>', 'record what each request naming itself (x-gatebench-id) brought, for gatebench at GET /mock/witness with this token')
		.option('--processes <n>', 'serve the port from this many processes (cores): for thousands of streams', positiveInteger, 1);
	addMockFlags(mock, '');
	mock.action(action);
}
