import {parseTrace} from '../plan/trace.js';
import {tracePrompts} from '../targets/trace-prompts.js';
import {readCeiling} from '../output/calibration-file.js';
import {parseDurationMs} from './durations.js';
import {
	type CapacityGate,
	defaultMaxConcurrency,
	defaultMaxRate,
	defaultResolution,
	defaultStepMs,
	parseCapacityGate,
	parseResolution,
	type SweepSettings,
} from '../plan/sweep-settings.js';
import {readFileSync} from 'node:fs';
import {htmlToStdout, unwritable} from '../output/files.js';
import type {RunRequest} from '../session/session-types.js';
import type {OutputPaths} from '../plan/draft.js';
import type {PipelineChoice, TargetConfig, TlsSettings} from '../plan/run-plan.js';
import type {Provider} from '../plan/names.js';
import type {HttpClientName, RunPlan} from '../plan/run-plan.js';
import type {Arrival} from '../plan/load-settings.js';
import {parseThreshold, type Threshold} from '../plan/threshold-grammar.js';
import {type CancelSettings, defaultCancelAfterMs, tokensAfter} from '../plan/cancellations.js';
import {type AddedSlo, isAddedSlo, parseAddedSlo, witnessedAddedMetrics} from '../plan/added-slo.js';
import {parsePrompts, parseTokenLength, type PromptSet, type TokenLength} from '../plan/prompts.js';
import {readEndpointFlags} from './endpoint-flags.js';
import {mockOptionsFrom} from './mock-flags.js';
import {type CliFlags, defaultSpecialHeader} from './program.js';

export type Invocation = RunRequest & {readonly headlessRequested: boolean};

/** Checks what commander cannot: tokens for given targets, writable outputs. Returns one line on error. */
export function validateFlags(flags: CliFlags, env: NodeJS.ProcessEnv): Invocation | string {
	const sgd = flags.sgd ?? env['SRC_GATEWAY_TOKEN'];
	const sgp = flags.sgp ?? env['SRC_ACCESS_TOKEN'];
	let gateway: TargetConfig | undefined;
	let sourcegraph: TargetConfig | undefined;
	if (flags.gateway) {
		if (!sgd) return '--gateway needs a token: pass --sgd or set SRC_GATEWAY_TOKEN';
		gateway = {url: flags.gateway, token: sgd};
	}

	if (flags.sourcegraph) {
		if (!sgp) return '--sourcegraph needs a token: pass --sgp or set SRC_ACCESS_TOKEN';
		sourcegraph = {url: flags.sourcegraph, token: sgp};
	}

	const outputs: OutputPaths = {csv: flags.csv, requestCsv: flags.requestCsv, json: flags.json, html: flags.html};
	for (const [flag, path] of [
		['--csv', outputs.csv],
		['--request-csv', outputs.requestCsv],
		['--json', outputs.json],
		['--html', outputs.html],
	] as const) {
		const problem = path === undefined || path === '-' ? undefined : unwritable(path, flags.overwrite ?? false);
		if (problem) return `${flag} ${path}: ${problem}`;
	}

	if (outputs.html === '-') return htmlToStdout;
	const serverMetrics = serverMetricsOf(flags);
	if (typeof serverMetrics === 'string') return serverMetrics;
	const startAt = startTime(flags.startAt, Date.now());
	if (typeof startAt === 'string') return startAt;
	if (startAt !== undefined && flags.sweep !== undefined) return '--start-at holds a run, not a capacity search: drop one of --start-at and --sweep';
	const thresholds: Threshold[] = [];
	// With --sweep, --threshold gates the answer instead (capacity.concurrency>=16), read with the sweep.
	for (const text of flags.sweep === undefined ? (flags.threshold ?? []) : []) {
		const threshold = parseThreshold(text);
		if (typeof threshold === 'string') return threshold;
		thresholds.push(threshold);
	}

	const endpoints = readEndpointFlags(flags, env);
	if (typeof endpoints === 'string') return endpoints;
	const file = endpoints.compare?.load ?? {};
	const rate = flags.rate ?? file.rate;
	// An overhead run (`--through`) pairs each request through a gateway with one sent straight to the upstream.
	const overhead = Boolean(flags.through?.length);
	const interleave = overhead ? true : (flags.interleave ?? file.interleave);
	if (interleave && rate !== undefined) return '--interleave works with closed-loop runs: drop --rate, or drop --interleave';
	const probeKind = flags.probe === true ? 'http' : flags.probe;
	if (probeKind !== undefined && probeKind !== false && probeKind !== 'http' && probeKind !== 'websocket') return `--probe ${probeKind}: use http or websocket`;
	if (probeKind && interleave) return '--probe runs beside one endpoint at a time: drop --interleave, or drop --probe';
	const sweep = sweepSettings(flags, overhead);
	if (typeof sweep === 'string') return sweep;
	const unwitnessed = sweep?.added.find((slo) => witnessedAddedMetrics.has(slo.metric));
	if (unwitnessed && !endpoints.witness)
		return `--slo ${unwitnessed.text} is read from the upstream's record: the built-in mock keeps one, an upstream started apart with --witness-token`;
	const cancel = cancelSettings(flags);
	if (typeof cancel === 'string') return cancel;
	const tls = tlsSettings(flags);
	if (typeof tls === 'string') return tls;
	const http2 = http2Settings(flags);
	if (typeof http2 === 'string') return http2;
	// A comparison file's workload, unless the flags say otherwise.
	const work = {
		...flags,
		prompts: flags.prompts ?? file.prompts,
		inputTokens: flags.inputTokens ?? file.inputTokens,
		outputTokens: flags.outputTokens ?? file.outputTokens,
		exactOutput: flags.exactOutput ?? file.exactOutput,
		uniquePrefix: flags.uniquePrefix ?? file.uniquePrefix,
		seed: flags.seed ?? file.seed,
	};
	const replay = traceReplay(flags, rate);
	if (typeof replay === 'string') return replay;
	const turns = sessionTurns(flags, rate, interleave);
	if (typeof turns === 'string') return turns;
	const prompts = replay?.prompts ?? promptSet(work);
	if (typeof prompts === 'string') return prompts;
	const lengths = tokenLengths(work);
	if (typeof lengths === 'string') return lengths;
	const recordHeaders = flags.recordHeader ?? [];
	const badHeader = recordHeaders.find((name) => !/^[!#$%&'*+.^`|~\w-]+$/.test(name));
	if (badHeader !== undefined) return `--record-header ${JSON.stringify(badHeader)}: not a header name`;
	const special = flags.useSpecialHeader;
	const timeout = flags.timeout;
	return {
		draft: {
			pipeline: flags.pipeline as PipelineChoice | undefined,
			provider: flags.provider as Provider | undefined,
			// Gateways are judged on streams unless asked otherwise.
			stream: flags.stream ?? file.stream ?? (overhead ? true : undefined),
			maxTokens: flags.maxTokens ?? file.maxTokens ?? 256,
			requests: flags.requests ?? file.requests ?? replay?.trace.offsetsS.length,
			concurrency: flags.concurrency ?? file.concurrency,
			gateway,
			sourcegraph,
			specialHeader: special === undefined || special === false ? undefined : special === true ? defaultSpecialHeader : special,
			httpClient: flags.httpClient as HttpClientName,
			ceiling: readCeiling(env, flags.httpClient as HttpClientName),
			...(http2 ? {http2} : {}),
			workers: flags.workers,
			tls,
			timeouts: {completions: timeout ?? 60_000, ping: timeout ?? 10_000},
			durationMs: flags.duration ?? file.durationMs,
			rate: replay?.rate ?? rate,
			...(replay ? {trace: replay.trace} : {}),
			...(turns ? {turns} : {}),
			arrival: flags.arrival as Arrival,
			// An overhead run judges differences of a fraction of a millisecond: each path's connections are
			// opened, and its code paths run, before any pair counts.
			warmup: flags.warmup ?? file.warmup ?? (overhead ? 2 * (flags.concurrency ?? file.concurrency ?? 1) : 0),
			probe: probeKind ? {kind: probeKind, rate: flags.probeRate} : undefined,
			...(cancel ? {cancel} : {}),
			thresholds,
			endpoints: endpoints.compare?.endpoints,
			direct: endpoints.direct,
			...(endpoints.witness ? {witness: endpoints.witness} : {}),
			...(serverMetrics ? {serverMetrics} : {}),
			...(overhead ? {overhead: true} : {}),
			overrides: endpoints.overrides,
			headers: endpoints.headers,
			...(recordHeaders.length > 0 ? {recordHeaders: recordHeaders.map((name) => name.toLowerCase())} : {}),
			interleave,
			roundSends: flags.roundSends === 'together' ? 'together' : 'in-turn',
			sweep,
			prompts,
			seed: work.seed,
			...(startAt === undefined ? {} : {startAt}),
			...lengths,
			// On by default where prompts vary (a set, synthetic ones), off for the original suite's one prompt.
			// A trace's prompts share the prefixes its requests shared: a unique prefix would hide them from every cache.
			uniquePrefix: replay ? false : (work.uniquePrefix ?? (prompts !== undefined || lengths.inputTokens !== undefined)),
		},
		outputs,
		headlessRequested: !flags.tui,
		warnings: [
			...(tls.insecure ? [insecureWarning] : []),
			...(startAt === undefined ? [] : [startNote(startAt, Date.now())]),
			...[gateway, sourcegraph, ...(endpoints.compare?.endpoints ?? endpoints.direct).map((spec) => spec.config)]
				.map((target) => target && cleartextToken(target))
				.filter((warning): warning is string => Boolean(warning)),
		],
		mockOptions: {
			// An overhead run's two paths reach one mock: request i gets the same reply on each, whichever comes first.
			...(overhead ? {draws: 'prompt' as const} : {}),
			...mockOptionsFrom(flags, 'mock-'),
			...(flags.mockPort === undefined ? {} : {port: flags.mockPort}),
		},
	};
}

/** `--cancel-rate` and `--cancel-after`, checked: the settings, none, or why not (one line). */
function cancelSettings(flags: CliFlags): CancelSettings | undefined | string {
	const {cancelRate: share, cancelAfter: after} = flags;
	if (share === undefined) return after === undefined ? undefined : '--cancel-after goes with --cancel-rate';
	if (share > 1) return `--cancel-rate ${share}: a share of the requests, from 0 to 1`;
	if (after === undefined) return {share, afterMs: defaultCancelAfterMs};
	const tokens = tokensAfter(after);
	if (tokens !== undefined) {
		if (tokens < 1) return `--cancel-after ${after}: at least 1 token`;
		if (flags.stream === false) return `--cancel-after ${after}: tokens are counted in streams: drop --no-stream, or cancel after a time`;
		return {share, afterTokens: tokens};
	}

	const ms = parseDurationMs(after);
	if (ms === undefined || !(ms > 0)) return `--cancel-after ${after}: expected a time such as 500ms or a number of tokens such as 20tokens`;
	return {share, afterMs: ms};
}

/** `--sweep` and what goes with it, checked: the settings, none, or why they cannot be used (one line). */
function sweepSettings(flags: CliFlags, overhead: boolean): SweepSettings | undefined | string {
	const given = [flags.slo, flags.step, flags.maxConcurrency, flags.maxRate, flags.resolution].some((value) => value !== undefined);
	if (flags.sweep === undefined) return given ? '--slo, --step, --max-concurrency, --max-rate and --resolution go with --sweep' : undefined;
	if (flags.sweep !== 'concurrency' && flags.sweep !== 'rate') return `--sweep ${flags.sweep}: use concurrency or rate`;
	if (!flags.slo?.length) return '--sweep needs at least one --slo, e.g. --slo ttft.p95<800ms';
	const clashing = [
		['--requests', flags.requests],
		['--duration', flags.duration],
		['--rate', flags.rate],
		['--concurrency', flags.concurrency],
		['--interleave', flags.interleave],
	].find(([, value]) => value !== undefined);
	if (clashing) return `--sweep sets the load and the length of each step itself: drop ${String(clashing[0])}`;
	if (overhead && flags.sweep === 'rate') return 'an overhead sweep raises the requests in flight (its pairs are closed-loop rounds): use --sweep concurrency';
	const slos: Threshold[] = [];
	const added: AddedSlo[] = [];
	for (const text of flags.slo) {
		if (isAddedSlo(text)) {
			if (!overhead) return `--slo ${text} judges what a gateway adds over its upstream: it goes with --through`;
			const slo = parseAddedSlo(text);
			if (typeof slo === 'string') return slo;
			added.push(slo);
			continue;
		}

		const slo = parseThreshold(text);
		if (typeof slo === 'string') return `--slo: ${slo}`;
		slos.push(slo);
	}

	const gates: CapacityGate[] = [];
	for (const text of flags.threshold ?? []) {
		const gate = parseCapacityGate(text, flags.sweep);
		if (typeof gate === 'string') return gate;
		gates.push(gate);
	}

	const resolution = flags.resolution === undefined ? defaultResolution[flags.sweep] : parseResolution(flags.resolution, flags.sweep);
	if (typeof resolution === 'string') return resolution;
	return {
		mode: flags.sweep,
		stepMs: flags.step ?? defaultStepMs,
		maxConcurrency: flags.maxConcurrency ?? defaultMaxConcurrency,
		maxRate: flags.maxRate ?? defaultMaxRate,
		resolution,
		slos,
		added,
		gates,
	};
}

export const insecureWarning = 'warning: --insecure: TLS certificates are not checked; anyone between here and the server can read and answer these requests';

/** Sets `--proxy` as the run's `HTTP_PROXY` and `HTTPS_PROXY` (both cases, so neither of an older pair wins); `NO_PROXY` stays. */
export function useProxy(proxy: string, env: NodeJS.ProcessEnv): void {
	for (const name of ['HTTP_PROXY', 'HTTPS_PROXY', 'http_proxy', 'https_proxy']) env[name] = proxy;
	delete env['ALL_PROXY'];
	delete env['all_proxy'];
}

/** `--input-tokens`, `--output-tokens` and `--exact-output`, checked. */
function tokenLengths(flags: CliFlags): {inputTokens?: TokenLength; outputTokens?: TokenLength; exactOutput?: boolean} | string {
	const input = flags.inputTokens === undefined ? undefined : parseTokenLength('--input-tokens', flags.inputTokens);
	if (typeof input === 'string') return input;
	const output = flags.outputTokens === undefined ? undefined : parseTokenLength('--output-tokens', flags.outputTokens);
	if (typeof output === 'string') return output;
	if (input && (flags.prompts !== undefined || flags.prompt !== undefined || flags.promptFile !== undefined))
		return '--input-tokens makes its own prompts: drop --prompts, --prompt or --prompt-file';
	if (flags.exactOutput && !output) return '--exact-output needs --output-tokens';
	return {...(input ? {inputTokens: input} : {}), ...(output ? {outputTokens: output} : {}), ...(flags.exactOutput ? {exactOutput: true} : {})};
}

/** A file a flag names, read now: its text, or the one line saying why it cannot be. */
function readFlagFile(flag: string, path: string): {text: string} | string {
	try {
		return {text: readFileSync(path, 'utf8')};
	} catch (error) {
		return `${flag} ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : 'cannot be read'}`;
	}
}

/** `--prompts FILE` read and parsed now, before anything is sent; with `--seed`, drawn at random. */
function promptSet(flags: CliFlags): PromptSet | undefined | string {
	if (flags.prompts === undefined) return undefined;
	if (flags.prompt !== undefined || flags.promptFile !== undefined) return '--prompts and --prompt: give one';
	const content = readFlagFile('--prompts', flags.prompts);
	if (typeof content !== 'object') return content;
	const set = parsePrompts(flags.prompts, content.text);
	if (typeof set === 'string') return `--prompts ${set}`;
	return flags.seed === undefined ? set : {...set, seed: flags.seed};
}

/** `--http2` and its streams a connection; got has no HTTP/2 of its own in cleartext, so it is refused rather than quietly HTTP/1.1. */
function http2Settings(flags: CliFlags): RunPlan['http2'] | string {
	if (!flags.http2) return flags.http2Streams === undefined ? undefined : '--http2-streams needs --http2';
	if (flags.httpClient === 'got') return "--http2 is spoken by the default client (Node's http2) and by undici: drop --http-client got";
	if (flags.pipeline === 'websocket') return '--http2 carries HTTP requests: the websocket pipeline has none';
	return {streamsPerConnection: flags.http2Streams ?? 100};
}

/** `--ca-file` read and checked now (a PEM with at least one certificate), and `--insecure`. */
function tlsSettings(flags: CliFlags): TlsSettings | string {
	const insecure = flags.insecure ?? false;
	if (flags.caFile === undefined) return {insecure};
	const read = readFlagFile('--ca-file', flags.caFile);
	if (typeof read !== 'object') return read;
	const ca = read.text;

	if (!ca.includes('-----BEGIN CERTIFICATE-----')) return `--ca-file ${flags.caFile}: no PEM certificate in it`;
	return {ca, insecure};
}

const loopback = new Set(['localhost', '127.0.0.1', '[::1]']);

/** A token sent over plain http:// to another machine can be read on the way. */
function cleartextToken(target: TargetConfig): string | undefined {
	if (!URL.canParse(target.url)) return undefined;
	const url = new URL(target.url);
	if (url.protocol !== 'http:' || !target.token || loopback.has(url.hostname) || url.hostname.startsWith('127.')) return undefined;
	return `warning: the token for ${url.host} is sent over plain http://; use https:// unless this network is trusted`;
}

/** `--start-at`: an ISO time with its zone (`2026-12-02T10:00:00Z`, `…+01:00`) or `+30s` from now; ms since 1970. */
export function startTime(text: string | undefined, nowMs: number): number | undefined | string {
	if (text === undefined) return undefined;
	if (text.startsWith('+')) {
		const ms = parseDurationMs(text.slice(1));
		return ms === undefined ? `--start-at ${text}: expected a time such as +30s or 2026-12-02T10:00:00Z` : nowMs + ms;
	}

	// A time without a zone would be read in each host's own zone: the hosts would not agree.
	if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i.test(text)) {
		return `--start-at ${text}: expected an ISO time with its zone, such as 2026-12-02T10:00:00Z, or +30s`;
	}

	const ms = Date.parse(text);
	return Number.isNaN(ms) ? `--start-at ${text}: not a valid time` : ms;
}

/** Said before the run: how long the first request is held, or that the time has passed and the run starts now. */
export function startNote(startAt: number, nowMs: number): string {
	const at = new Date(startAt).toISOString();
	const seconds = (startAt - nowMs) / 1000;
	return seconds > 0
		? `--start-at: the first measured request waits until ${at} (in ${seconds.toFixed(1)} s)`
		: `--start-at ${at} passed ${(-seconds).toFixed(1)} s ago: starting now (the JSON records how late)`;
}

/** `--metrics-url` (http(s), or `mock`) and `--metrics-match` (a regular expression), checked. */
function serverMetricsOf(flags: CliFlags): {urls: string[]; match?: string} | undefined | string {
	const urls = flags.metricsUrl ?? [];
	const bad = urls.find((url) => url !== 'mock' && !/^https?:\/\/[^/\s]+/.test(url));
	if (bad !== undefined) return `--metrics-url ${JSON.stringify(bad)}: expected an http(s) URL of a Prometheus page, or mock`;
	if (flags.metricsMatch !== undefined) {
		try {
			new RegExp(flags.metricsMatch);
		} catch {
			return `--metrics-match ${JSON.stringify(flags.metricsMatch)}: not a regular expression`;
		}

		if (urls.length === 0) return '--metrics-match picks series of --metrics-url: give one';
	}

	return urls.length === 0 ? undefined : {urls, ...(flags.metricsMatch === undefined ? {} : {match: flags.metricsMatch})};
}

/**
 * `--trace FILE` read now: each recorded request's prompt (its shared blocks, its lengths) and its
 * time over `--trace-speed`; sent open loop at those times, as fast as the recording was.
 */
function traceReplay(flags: CliFlags, rate: number | undefined): {prompts: PromptSet; trace: NonNullable<RunPlan['trace']>; rate: number} | undefined | string {
	if (flags.trace === undefined) {
		return flags.traceSpeed === undefined ? undefined : '--trace-speed replays a --trace: give one';
	}

	const others = [
		['--rate', rate],
		['--prompts', flags.prompts],
		['--input-tokens', flags.inputTokens],
		['--output-tokens', flags.outputTokens],
		['--sweep', flags.sweep],
		['--interleave', flags.interleave],
		['--workers', flags.workers],
	].find(([, value]) => value !== undefined && value !== false);
	if (others) return `--trace sets the times, prompts and lengths of every request: drop ${String(others[0])}`;
	const content = readFlagFile('--trace', flags.trace);
	if (typeof content !== 'object') return content;
	const trace = parseTrace(flags.trace, content.text);
	if (typeof trace === 'string') return `--trace ${trace}`;
	const speed = flags.traceSpeed ?? 1;
	const offsetsS = trace.rows.map((row) => row.atMs / 1000 / speed);
	const spanS = offsetsS.at(-1) ?? 0;
	return {
		prompts: tracePrompts(trace, flags.seed),
		trace: {file: trace.file, format: trace.format, speed, offsetsS},
		// The average rate, for progress and planning; each request still goes at its own time.
		rate: spanS > 0 ? offsetsS.length / spanS : offsetsS.length,
	};
}

/** `--turns N[:SD]`, `--think-time` and `--session-header`, checked: sessions are closed-loop units of concurrency. */
function sessionTurns(flags: CliFlags, rate: number | undefined, interleave: boolean | undefined): NonNullable<RunPlan['turns']> | undefined | string {
	if (flags.turns === undefined) {
		const orphan = flags.thinkTime !== undefined ? '--think-time' : flags.sessionHeader !== undefined ? '--session-header' : undefined;
		return orphan ? `${orphan} shapes --turns sessions: give --turns` : undefined;
	}

	const count = parseTokenLength('--turns', flags.turns);
	if (typeof count === 'string') return count;
	const clash =
		rate !== undefined ? '--rate' : flags.trace !== undefined ? '--trace' : interleave ? '--interleave' : flags.sweep !== undefined ? '--sweep' : undefined;
	if (clash) return `--turns runs sessions, each turn after the last answer: drop ${clash}`;
	if (flags.sessionHeader !== undefined && !/^[!#$%&'*+.^`|~\w-]+$/.test(flags.sessionHeader))
		return `--session-header ${JSON.stringify(flags.sessionHeader)}: not a header name`;
	return {count, thinkMs: flags.thinkTime ?? 0, ...(flags.sessionHeader === undefined ? {} : {header: flags.sessionHeader})};
}
