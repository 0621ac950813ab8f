import type {ErrorKind} from './errors.js';
import type {EndpointTarget, PipelineName, ProviderFormat} from '../plan/names.js';

/** What an endpoint is, for tables, files and screens. */
export type EndpointInfo = {
	readonly name: string;
	readonly pipeline: PipelineName;
	readonly target: EndpointTarget;
	readonly provider: ProviderFormat | null;
	readonly stream: boolean | null;
	readonly url: string;
	/** The proxy the requests go through (`HTTPS_PROXY`, `HTTP_PROXY`, `--proxy`), without credentials. */
	readonly proxy?: string;
	/** The model its requests ask for, when they name one. */
	readonly model?: string;
	/** `--http2`: h2 (ALPN over TLS) or h2c (prior knowledge); absent: HTTP/1.1. */
	readonly protocol?: 'h2' | 'h2c';
};

/** `cancelled`: given up mid-way on purpose (`--cancel-rate`), neither a success nor a failure. */
export type Outcome = 'ok' | 'cancelled' | ErrorKind;

export type TokenCount = {
	readonly output: number;
	/** Every input token, those read from or written to a prompt cache included. */
	readonly input?: number;
	/** `input` is gatebench's own count of the prompt it sent (the reply reported none). */
	readonly inputCounted?: boolean;
	/** Input tokens read from the prompt cache. */
	readonly cacheRead?: number;
	/** Input tokens written to the prompt cache. */
	readonly cacheWrite?: number;
	/** True when counted from content events: the reply carried no usage, or usage that contradicts what arrived. */
	readonly estimated: boolean;
	/** Content events seen in a stream, kept beside `usage` to count mismatches. */
	readonly events?: number;
	/** A stream's reads of the socket (the chunks its body came in), to tell a stream cut into more pieces than it was sent in. */
	readonly reads?: number;
	/** The reply's usage contradicted what arrived (zero, or falling, while content came): a mismatch, counted instead. */
	readonly contradicted?: boolean;
	/** Of the output tokens, those spent reasoning, when the server says. */
	readonly reasoning?: number;
};

/**
 * How a request got its connection, as k6 and AIPerf break it down: reused from the pool, or opened
 * for it (then the time to resolve the name, connect, and finish the TLS handshake, µs).
 */
export type ConnectionTiming = {
	readonly reused: boolean;
	readonly dnsUs?: number;
	readonly connectUs?: number;
	readonly tlsUs?: number;
};

/** One request's result: the unit of truth. Failures are Samples too, never exceptions. */
export type Sample = {
	readonly endpoint: number;
	readonly seq: number;
	/** µs from the endpoint's start to this request's timer start. */
	readonly startOffsetUs: number;
	readonly durationUs: number;
	readonly ttfbUs?: number;
	/** The first generated token of any kind: answer, reasoning or tool-call arguments. */
	readonly ttftUs?: number;
	/** Time to first answer token: the first visible text, after any reasoning. */
	readonly ttfaUs?: number;
	readonly tokens?: TokenCount;
	/** Gaps between consecutive content events, µs. */
	readonly interTokenGapsUs?: readonly number[];
	readonly status?: number;
	readonly outcome: Outcome;
	/** Sent a second time, on a new connection: the reused one failed before any byte of the reply. */
	readonly retried?: boolean;
	/** How the request's connection was had, when the transport can tell (raw and got). */
	readonly connection?: ConnectionTiming;
	readonly traceId?: string;
	readonly bytes: number;
	/** Open loop only: µs the request was sent after it was due (client behind schedule). */
	readonly scheduleLagUs?: number;
	/** Open loop only: µs of that lag spent waiting for a free worker (all were busy): not the client's doing. */
	readonly workerWaitUs?: number;
	/** A short, single-line reason for a failure. */
	readonly error?: string;
	/** Gateway-reported headers: X-Trace, request id, resolved model, gateway overhead. */
	readonly server?: ServerHeaders;
	/** `retry-after` and rate-limit headers of this reply, when it had any. */
	readonly rateLimit?: Readonly<Record<string, string>>;
	/** The load phase it was sent in: 1, then one more for each change of load (the console's keys). */
	readonly phase?: number;
	/** The prompt set's id of the prompt it carried (`--prompts`). */
	readonly promptId?: string;
	/** `--turns`: the conversation it belongs to, and which of its turns it was (1 the first). */
	readonly session?: number;
	readonly turn?: number;
	/** The output length it asked for (`--output-tokens`). */
	readonly requestedOutputTokens?: number;
	/** The model the reply named (sanitised). */
	readonly model?: string;
	/** The name it was sent with for a witnessing upstream, and when its timer started (monotonic ns, the host's clock). */
	readonly witness?: SampleWitness;
};

export type SampleWitness = {readonly id: string; readonly startedNs: bigint};

/** What a worker measures; the engine adds endpoint, seq and start offset. */
export type Measurement = Omit<Sample, 'endpoint' | 'seq' | 'startOffsetUs' | 'scheduleLagUs' | 'workerWaitUs' | 'phase'> & {
	/** Monotonic ns when the timer started, just before the request was written. */
	readonly startedNs: bigint;
};

/** Runs requests one at a time; a worker owns per-connection state such as a WebSocket. */
export type EndpointWorker = {
	/** Sends request number `seq` (the same number goes to every endpoint of an interleaved run, so they get the same prompt). */
	execute(signal: AbortSignal, seq: number): Promise<Measurement>;
	close(): void;
};

export type Endpoint = {
	readonly info: EndpointInfo;
	/** A light ping endpoint on the same target, measured alongside (`--probe`). */
	readonly probe?: Endpoint;
	createWorker(): EndpointWorker;
	close(): Promise<void>;
};

/** What a gateway says about a request in its reply headers. */
export type ServerHeaders = {
	readonly xTrace?: string;
	/** The provider's request id, or LiteLLM's call id (see requestIdHeaders in targets/server-headers.ts). */
	readonly requestId?: string;
	/** Cody Gateway's `x-cody-resolved-model`. */
	readonly resolvedModel?: string;
	/** LiteLLM's `x-litellm-overhead-duration-ms`: time the gateway itself added. */
	readonly overheadMs?: number;
	/** The reply's headers of the names kept (`--record-header`, and the gateways' self-reports), lower case, sanitised. */
	readonly recorded?: Readonly<Record<string, string>>;
};
