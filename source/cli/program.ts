import {Command, Option} from 'commander';
import {pipelineChoices, providers} from '../plan/run-plan.js';
import {version} from '../output/version.js';
import {addMockFlags} from './mock-flags.js';
import {duration, positiveDuration} from './durations.js';
import {baseUrl, collect, nonNegativeInteger, nonNegativeNumber, positiveInteger, positiveNumber} from './parse-values.js';

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
	useSpecialHeader?: string | boolean;
	httpClient: string;
	timeout?: number;
	duration?: number;
	rate?: number;
	arrival: string;
	warmup: number;
	probe?: string | boolean;
	probeRate: number;
	threshold: string[];
	tui: boolean;
	overwrite?: boolean;
	anthropic?: string | boolean;
	fireworks?: string | boolean;
	openai?: string;
	apiKeyEnv?: string;
	api?: string;
	model?: string;
	prompt?: string;
	promptFile?: string;
	temperature?: number;
	header: string[];
	compare?: string;
	interleave?: boolean;
	[mockFlag: string]: unknown;
};

export const defaultSpecialHeader = 'gatebench';

export function createProgram(): Command {
	const program = new Command('gatebench')
		.description('Benchmark LLM gateways and AI provider endpoints: live in a terminal console, or headless for scripts and CI.')
		.version(version, '-V, --version')
		.option('--gateway <url>', 'Cody Gateway base URL', baseUrl)
		.option('--sourcegraph <url>', 'Sourcegraph instance base URL', baseUrl)
		.option('--sgd <token>', 'gateway token, sent as Bearer (default: $SRC_GATEWAY_TOKEN)')
		.option('--sgp <token>', 'Sourcegraph access token, sent as token (default: $SRC_ACCESS_TOKEN)')
		.addOption(new Option('--pipeline <p>', 'what to benchmark (asked in the console; "all" headless)').choices(pipelineChoices))
		.addOption(new Option('--provider <p>', 'completions provider (default anthropic)').choices(providers))
		.option('--stream', 'stream completions as SSE')
		.option('--no-stream', 'do not stream completions (the default)')
		.option('--max-tokens <n>', 'max tokens to generate (default 256)', positiveInteger)
		.option('-n, --requests <n>', 'requests per endpoint (default 1000)', positiveInteger)
		.option('-c, --concurrency <n>', 'requests in flight per endpoint (default 1)', positiveInteger)
		.option('--csv <file>', 'write the aggregate CSV here')
		.option('--request-csv <file>', 'write one CSV row per request here, as requests complete')
		.option('--json <file>', 'write the JSON summary here ("-" for stdout)')
		.option('--use-special-header [value]', `add the cody-core-gc-test header to Sourcegraph requests (value default "${defaultSpecialHeader}")`)
		.addOption(new Option('--http-client <c>', 'HTTP transport for measured requests').choices(['raw', 'undici', 'got']).default('raw'))
		.option('--duration <time>', 'run each endpoint this long, e.g. 30s (with --requests: whichever ends first)', positiveDuration)
		.option('--rate <r>', 'open loop: requests per second per endpoint, sent on schedule', positiveNumber)
		.addOption(new Option('--arrival <a>', 'rate mode: evenly spaced or Poisson arrivals').choices(['constant', 'poisson']).default('constant'))
		.option('--warmup <n>', 'requests per endpoint sent first and left out of every statistic and file', nonNegativeInteger, 0)
		.option('--timeout <time>', 'per-request timeout, e.g. 30s; 0s for none (default 60s completions, 10s pings)', duration)
		.option('--probe [kind]', 'ping the same target (http or websocket) beside completions: the network floor under load')
		.option('--probe-rate <r>', 'probe pings per second', positiveNumber, 5)
		.option('--threshold <expr>', 'CI gate, repeatable: e.g. ttft.p95<800ms, latency.p99<2s, success>=99% (exit 3 when one fails)', collect, [])
		.option('--anthropic [url]', 'also benchmark the Anthropic Messages API directly (default https://api.anthropic.com; key $ANTHROPIC_API_KEY)')
		.option('--fireworks [url]', 'also benchmark Fireworks directly (default https://api.fireworks.ai/inference/v1; key $FIREWORKS_API_KEY)')
		.option('--openai <url>', 'also benchmark an OpenAI-compatible base URL, e.g. http://localhost:8000/v1 (key $OPENAI_API_KEY, optional)')
		.option('--api-key-env <name>', 'environment variable holding the key for direct endpoints')
		.addOption(new Option('--api <api>', 'OpenAI-style API for direct endpoints').choices(['chat', 'completions']))
		.option('--model <model>', 'model for completions requests')
		.option('--prompt <text>', 'prompt for completions requests')
		.option('--prompt-file <file>', 'read the prompt from a file')
		.option('--temperature <t>', 'sampling temperature', nonNegativeNumber)
		.option('-H, --header <header>', "extra request header 'Name: value', repeatable", collect, [])
		.option('--compare <file>', 'benchmark the endpoints listed in a comparison file (JSON)')
		.option('--interleave', 'send request i to every endpoint before request i+1, so drift hits all alike')
		.option('--overwrite', 'replace existing --csv/--request-csv/--json files instead of refusing')
		.option('--no-tui', 'run headless even in a terminal')
		.addHelpText(
			'after',
			"\nWith neither --gateway nor --sourcegraph, gatebench benchmarks its built-in mock gateway.\nThe mock's latency model can be set with the --mock-* options below or with `gatebench mock`.",
		);
	addMockFlags(program, 'mock-');
	program.configureHelp({sortOptions: false});
	// Subcommands (mock, report) have options of their own, such as report's --json.
	program.enablePositionalOptions();
	return program;
}

export function addReportCommand(
	program: Command,
	action: (files: string[], options: {merge?: boolean; json?: string; overwrite?: boolean}) => Promise<void>,
): void {
	program
		.command('report')
		.description('side-by-side table of saved --json runs; --merge combines runs of the same endpoints (e.g. from several machines) exactly')
		.argument('<files...>', 'JSON files written by --json')
		.option('--merge', 'merge same-named endpoints across files into one histogram each')
		.option('--json <file>', 'with --merge: write the merged run here ("-" for stdout)')
		.option('--overwrite', 'replace an existing --json file')
		.action(action);
}

export function addMockCommand(program: Command, action: (options: Record<string, unknown>) => Promise<void>): void {
	const mock = program
		.command('mock')
		.description('run the built-in mock gateway until Ctrl-C')
		.option('--port <n>', 'port to listen on (default 9992)', positiveInteger, 9992)
		.option('--host <host>', 'address to listen on', '127.0.0.1')
		.option('--require-token <token>', 'answer 401 unless this token is sent');
	addMockFlags(mock, '');
	mock.action(action);
}
