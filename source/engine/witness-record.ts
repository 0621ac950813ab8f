/**
 * The upstream as a witness: gatebench names each request in a header, the mock keeps what arrived
 * under that name (mock/witness.ts) and hands the records over at `GET /mock/witness`; the client
 * joins them to its own samples (stats/witness-tally.ts). This is what crosses between the two.
 */
export const witnessHeader = 'x-gatebench-id';

/**
 * The name is also carried in the body, as OpenAI's `user` (the end user's id, which gateways pass
 * on: Portkey forwards no header it does not know); the mock takes a `user` of this shape for one.
 */
export const witnessIdPattern = /^[\da-f]{12}\.\d+$/;

/** A JSON object body with the name as its first member (a later `user` of the body's own wins in JSON.parse). */
export const withWitnessId = (body: string, id: string): string => (body.startsWith('{') ? `{"user":"${id}",${body.slice(1)}` : body);

/**
 * What the upstream saw of one client request. Times are `process.hrtime` ns (the host's monotonic
 * clock, which gatebench's own timestamps read) as decimal strings. Every attempt that arrived with
 * the name is counted; the rest describes the last.
 */
export type WitnessRecord = {
	id: string;
	attempts: number;
	receivedNs: string;
	/** The connection it came on (the gateway's side of it), to count connections towards the upstream. */
	connection: string;
	/** The names of the headers it came with, lower case, sorted. */
	headers: string[];
	/** Whether credentials reached the upstream (`authorization` or `x-api-key`). */
	credentials: boolean;
	/** What the body asked for (absent: the body had no such field). */
	body: WitnessedBody;
	/** When each generated token was written. */
	tokensNs: string[];
	/** When the reply ended: written to the end, or the client side went away first. */
	endedNs?: string;
	clientGone: boolean;
	/** What the upstream did with each attempt, in order: `ok`, or the fault it injected (`status 503`, `cut-stream`, `stall`, …). */
	served: string[];
};

export type WitnessedBody = {model?: string; maxTokens?: number; stream?: boolean; includeUsage?: boolean; temperature?: number};
