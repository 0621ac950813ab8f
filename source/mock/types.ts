import type {IncomingMessage, OutgoingHttpHeaders, ServerResponse} from 'node:http';

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
};

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
});

export type MockStats = {
	/** HTTP requests, WebSocket upgrades included. */
	requests: number;
	/** HTTP requests by path (query stripped); more than 256 distinct unknown paths are lumped into `(other)`. */
	byPath: Record<string, number>;
	/** WebSocket messages received. */
	wsMessages: number;
};

/** Per-response identity: the trace id doubles as the provider request id. */
export type Reply = {
	/** 32 hex chars. */
	readonly id: string;
	/** Fresh headers with X-Trace and X-Trace-Span; handlers add to it. */
	readonly headers: OutgoingHttpHeaders;
};

/** What the server hands every route. */
export type MockContext = {
	/** The live, mutable options. */
	readonly options: MockOptions;
	/** Uniform [0, 1) from the seeded stream (reseeds when options.seed changes). */
	random(): number;
	reply(): Reply;
	/** True when this request should fail (draws only when failRate > 0). */
	shouldFail(): boolean;
	/** True when the request passes requireToken. */
	authorized(request: IncomingMessage): boolean;
};

export type RouteHandler = (request: IncomingMessage, response: ServerResponse, context: MockContext) => void;
