import type {IncomingMessage, OutgoingHttpHeaders, ServerResponse} from 'node:http';

/** Whose error bodies the mock answers with. */
export const mockErrorStyles = ['provider', 'litellm'] as const;
export type MockErrorStyle = (typeof mockErrorStyles)[number];
/** How the mock may compress its replies. */
export const mockCompressions = ['gzip', 'deflate', 'br'] as const;
export type MockCompression = (typeof mockCompressions)[number];
/** How the mock may end its SSE lines. */
export const mockLineEndings = ['lf', 'crlf', 'cr'] as const;

export type MockOptions = {
	/** Time to first token, ms. @default 300 */
	ttftMs: number;
	/** Delay between tokens, ms. @default 15 */
	tokenDelayMs: number;
	/** Uniform random jitter added to ttft and to each token delay, ± this many ms (never below 0). @default 0 */
	jitterMs: number;
	/** Output length is uniform in [minTokens, maxTokens], capped by the request's max_tokens / maxTokensToSample. @default 40 */
	minTokens: number;
	/** @default 120 */
	maxTokens: number;
	/** Delay before answering an HTTP or WebSocket ping, ms. @default 0 */
	pingDelayMs: number;
	/** When set, requests without this exact token in Authorization (Bearer X / token X) or x-api-key get 401. @default undefined */
	requireToken?: string;
	/** Fraction 0..1 of completion requests (and pings) answered with failStatus and a provider-style error body. @default 0 */
	failRate: number;
	/** @default 500 */
	failStatus: number;
	/** Seed for the deterministic pseudo-random generator (lengths, jitter, text). @default 1 */
	seed: number;
	/**
	 * Where each completion's draws (length, jitter, text) come from: the next in one stream, in the
	 * order requests arrive; or a stream of each prompt's own (seed and prompt), so that two mocks of one
	 * seed, or the two paths of a comparison to one mock, answer request i alike in any order. @default 'arrival'
	 */
	draws: MockDraws;
	/** Fraction 0..1 of the requests `fault` applies to that get it (see faults.ts for where each applies). @default 0 */
	faultRate: number;
	/** The injected fault; 'none' turns fault injection off. @default 'none' */
	fault: MockFault | 'none';
	/** How long `stall` and `slow-headers` hold a reply, ms. @default 30000 */
	stallMs: number;
	/** Size of a `huge-body` reply (non-streamed; streams pad forever instead). @default 64 MiB */
	hugeBodyBytes: number;
	/**
	 * The first this many tokens of each chat or Messages reply are reasoning, the rest the answer:
	 * OpenAI-style `delta.reasoning_content` (vLLM's and SGLang's reasoning parsers, DeepSeek) and
	 * `completion_tokens_details.reasoning_tokens`, Anthropic `thinking` blocks. At least one answer token stays. @default 0
	 */
	reasoningTokens: number;
	/**
	 * Chat and Messages replies call a tool instead of answering in text: OpenAI `delta.tool_calls`
	 * argument pieces (`finish_reason: tool_calls`), Anthropic `tool_use` with `input_json_delta`. @default false
	 */
	toolCalls: boolean;
	/** Compress every HTTP reply although the client asked for identity, as some servers and proxies do. @default undefined */
	compress?: MockCompression;
	/**
	 * Error bodies of the OpenAI-compatible routes: the provider's own, or LiteLLM proxy's (the status
	 * repeated as a string `code`, the kind in `type`). @default 'provider'
	 */
	errorStyle: MockErrorStyle;
	/** How SSE lines end: LF, or CRLF or a bare CR (both legal, both rare). @default 'lf' */
	lineEndings: (typeof mockLineEndings)[number];
	/** Every HTTP reply is preceded by a `103 Early Hints`, as some CDNs and gateways send. @default false */
	earlyHints: boolean;
	/** The connection is closed right after every HTTP reply, without `Connection: close` (HTTP/1.1 allows it). @default false */
	closeAfterReply: boolean;
	/** At most this many completions served at once; the rest queue, in arrival order. 0: no limit. @default 0 */
	slots: number;
	/** How usage counts input tokens: a token per 4 characters, or OpenAI's o200k_base tokenizer (as OpenAI's servers count). @default 'chars' */
	tokenizer: (typeof mockTokenizers)[number];
	/**
	 * How much slower a completion is served for each other one in service when it starts: its time
	 * to first token and token gaps are multiplied by 1 + slowdown × (others in service). @default 0
	 */
	slowdown: number;
	/**
	 * Keep a record of each request that names itself (`x-gatebench-id`): what arrived and when each
	 * token was written, read at `GET /mock/witness` with this token (mock/witness.ts). @default undefined
	 */
	witnessToken?: string;
};

/** Faults the mock can inject; each applies to some surfaces only (faults.ts). */
export const mockFaults = [
	'status',
	'cut-stream',
	'short-stream',
	'stall',
	'error-event',
	'malformed-sse',
	'invalid-json',
	'wrong-pong',
	'ws-close',
	'reset',
	'slow-headers',
	'huge-body',
] as const;
export type MockFault = (typeof mockFaults)[number];
export const isMockFault = (value: string): value is MockFault => (mockFaults as readonly string[]).includes(value);

/** Where a fault can strike: streamed or whole completions, HTTP pings, WebSocket messages, WebSocket handshakes. */
export type FaultSurface = 'stream' | 'body' | 'ping' | 'ws' | 'upgrade';

export const defaultMockOptions: MockOptions = Object.freeze({
	ttftMs: 300,
	tokenDelayMs: 15,
	jitterMs: 0,
	minTokens: 40,
	maxTokens: 120,
	pingDelayMs: 0,
	requireToken: undefined,
	failRate: 0,
	failStatus: 500,
	seed: 1,
	draws: 'arrival',
	faultRate: 0,
	fault: 'none',
	stallMs: 30_000,
	hugeBodyBytes: 64 * 1024 * 1024,
	reasoningTokens: 0,
	toolCalls: false,
	lineEndings: 'lf',
	errorStyle: 'provider',
	earlyHints: false,
	closeAfterReply: false,
	slots: 0,
	slowdown: 0,
	tokenizer: 'chars',
});

export type MockStats = {
	/** HTTP requests, WebSocket upgrades included. */
	requests: number;
	/** HTTP requests by path (query stripped); more than 256 distinct unknown paths are lumped into `(other)`. */
	byPath: Record<string, number>;
	/** WebSocket messages received. */
	wsMessages: number;
	/** Faults injected, by fault (failRate failures are not counted here). */
	faults: Record<MockFault, number>;
	/** Connections accepted, by what they spoke (h2c: HTTP/2 with prior knowledge), and HTTP/2 streams opened on them. */
	connections: {http1: number; h2c: number; streams: number};
};

/** Per-response identity: the trace id doubles as the provider request id. */
export type Reply = {
	/** 32 hex chars. */
	readonly id: string;
	/** Fresh headers with X-Trace and X-Trace-Span; handlers add to it. */
	readonly headers: OutgoingHttpHeaders;
};

/** What the server hands every route. */
export const mockTokenizers = ['chars', 'o200k'] as const;

export const mockDraws = ['arrival', 'prompt'] as const;
export type MockDraws = (typeof mockDraws)[number];

export type MockContext = {
	/** The live, mutable options. */
	readonly options: MockOptions;
	/** Uniform [0, 1) from the seeded stream (reseeds when options.seed changes). */
	random(): number;
	/** The draws of one completion: `random`, or with `draws: 'prompt'` a stream of the prompt's own. */
	drawsFor(prompt: unknown): () => number;
	reply(): Reply;
	/** True when this request should fail (draws only when failRate > 0). */
	shouldFail(): boolean;
	/** The fault this request gets on this surface, counted in stats.faults; undefined (and no draw) when off. */
	fault(surface: FaultSurface): MockFault | undefined;
	/** True when the request passes requireToken. */
	authorized(request: IncomingMessage): boolean;
	/** Tokens of a conversation's opening messages this server has seen before (its prefix cache). */
	cachedTokens(messages: unknown): number;
};

export type RouteHandler = (request: IncomingMessage, response: ServerResponse, context: MockContext) => void;
