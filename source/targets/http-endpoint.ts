import {randomBytes} from 'node:crypto';
import type {ChatMessage} from '../plan/prompts.js';
import {sleepUntil} from '../engine/sleep.js';
import {withWitnessId} from '../engine/witness-record.js';
import {elapsedUs, nowNs} from '../engine/clock.js';
import {classifyError, errorMessage, throughProxy} from '../engine/errors.js';
import type {HttpResponse, HttpTransport} from '../transport/http-types.js';
import {RequestGuard} from './deadline.js';
import type {RequestBodies, RequestBody} from './prompt-bodies.js';
import {httpErrorKind} from './provider-error.js';
import {decodedResponse, withIdentityEncoding} from '../transport/content-encoding.js';
import {rateLimitHeaders} from './rate-limit.js';
import {type ServerHeaders} from '../engine/endpoint.js';
import {serverHeadersOf, traceIdOf} from './server-headers.js';
import type {Endpoint, EndpointInfo, Measurement, Outcome, TokenCount} from '../engine/endpoint.js';

/** What reading a reply found, relative to the request's timer start. */
export type ReplyVerdict = {
	readonly outcome: Outcome;
	readonly bytes: number;
	readonly firstContentNs?: bigint;
	readonly firstAnswerNs?: bigint;
	readonly gapsUs?: number[];
	readonly tokens?: TokenCount;
	readonly error?: string;
	/** The model the reply named. */
	readonly model?: string;
	/** The answer's text, when asked for (a conversation's next turn carries it). */
	readonly answer?: string;
};

/**
 * What a reply had brought when reading it failed (a timeout, a reset), kept on the failed row:
 * readers count the body's bytes into it as they arrive, and a stream reader says what timings and
 * tokens it had. Readers fill it in on their own path, so a request that succeeds pays nothing more.
 */
export type ReplyProgress = {
	bytes: number;
	/** Gather the answer's text into the verdict (a conversation's turn). */
	wantAnswer?: boolean;
	/** A stream reader gives the request up once this many content events have arrived (`--cancel-after 20tokens`). */
	stopAfterEvents?: {readonly events: number; readonly stop: () => void};
	partial?: () => Pick<ReplyVerdict, 'bytes' | 'firstContentNs' | 'firstAnswerNs' | 'gapsUs' | 'tokens'>;
};

export type HttpEndpointOptions = {
	readonly info: EndpointInfo;
	readonly transport: HttpTransport;
	readonly method: 'GET' | 'POST';
	readonly path: string;
	readonly headers: Readonly<Record<string, string>>;
	/** Serialised once: the same bytes go out on every request; or, from a prompt set, each request number's body and prompt id. */
	readonly body: RequestBodies;
	readonly timeoutMs: number;
	/** Reads the whole reply; may throw network errors, which become failed samples keeping `progress`. */
	readonly readReply: (response: HttpResponse, progress: ReplyProgress) => Promise<ReplyVerdict>;
	/** Name each request in this header (`x-gatebench-id`), unique in the run, for an upstream that witnesses what arrived. */
	readonly witnessHeader?: string;
	/** The reply headers kept for each request (default: the gateways' self-reports). */
	readonly recordHeaders?: readonly string[];
	/** When request `seq` is to be given up mid-way, if it is (`--cancel-rate`). */
	readonly cancelOf?: (seq: number) => CancelPoint | undefined;
	/** `--turns`: each worker holds conversations, one turn a request (the body is then the conversation so far). */
	readonly conversation?: Conversation;
};

/** Multi-turn sessions: how long each is, what its turns say, and the pause before each later turn. */
export type Conversation = {
	/** Turns of session `session` (numbered from 0 across the endpoint). */
	readonly turns: (session: number) => number;
	/** The user's think time before each turn after the first, ms. */
	readonly thinkMs: number;
	/** Sent with the session's id on each of its requests, for gateways that keep a session on one server. */
	readonly header?: string;
	/** The first turn's messages. */
	readonly opening: (session: number) => readonly ChatMessage[];
	/** The user's message of a later turn. */
	readonly followUp: (session: number, turn: number) => string;
	/** A request body carrying the conversation so far. */
	readonly body: (messages: readonly ChatMessage[]) => string;
};

/** After a time from the start, or after so many streamed tokens. */
export type CancelPoint = {readonly afterMs?: number; readonly afterTokens?: number};

/** A conversation's turn as sent: its body, its session's header, and where it stands. */
type Talk = {readonly session: number; readonly turn: number; readonly body: string; readonly header?: {readonly name: string; readonly value: string}};

/** A function that always gives `value` (the same object each time). */
const always =
	<T>(value: T) =>
	(): T =>
		value;

/** The reply's token count, its input filled with gatebench's own count of the prompt when the reply said none. */
const withCountedInput = (tokens: TokenCount | undefined, promptTokens: number | undefined): TokenCount | undefined =>
	tokens && tokens.input === undefined && promptTokens !== undefined ? {...tokens, input: promptTokens, inputCounted: true} : tokens;

/** An endpoint measured over HTTP. Workers share the transport's keep-alive pool. */
export function createHttpEndpoint(options: HttpEndpointOptions): Endpoint {
	const {info, transport, method, path, body, timeoutMs, readReply, witnessHeader, recordHeaders, cancelOf} = options;
	const baseHeaders = withIdentityEncoding(options.headers);
	// Unique across endpoints, threads and warm-up: a random tag of this endpoint and a count of its requests.
	const witnessTag = randomBytes(6).toString('hex');
	// Session ids unique across endpoints and runs, as a gateway's affinity needs.
	const sessionTag = randomBytes(4).toString('hex');
	let witnessed = 0;
	// One body for every request is wrapped once, so the hot path allocates nothing for it.
	const bodyFor: (seq: number) => RequestBody = typeof body === 'string' ? always({body}) : body;
	let sessions = 0;
	async function execute(guard: RequestGuard, runSignal: AbortSignal, seq: number, talk?: Talk): Promise<Measurement & {readonly answer?: string}> {
		// Chosen before the timer starts: the prompt's bytes are ready when it does.
		const chosen = talk ? {body: talk.body} : bodyFor(seq);
		const headers = talk?.header ? {...baseHeaders, [talk.header.name]: talk.header.value} : baseHeaders;
		const witnessId = witnessHeader === undefined ? undefined : `${witnessTag}.${witnessed++}`;
		// Named in a header and in the body, before the timer starts.
		const sent = witnessHeader === undefined || witnessId === undefined ? headers : {...headers, [witnessHeader]: witnessId};
		const sentBody = witnessId === undefined ? chosen.body : withWitnessId(chosen.body, witnessId);
		const cancelAt = cancelOf?.(seq);
		const signal = guard.begin(runSignal);
		let status: number | undefined;
		let ttfbUs: number | undefined;
		let traceId: string | undefined;
		let rateLimit: Record<string, string> | undefined;
		let server: ServerHeaders | undefined;
		const progress: ReplyProgress =
			cancelAt?.afterTokens === undefined ? {bytes: 0} : {bytes: 0, stopAfterEvents: {events: cancelAt.afterTokens, stop: () => guard.cancel()}};
		if (talk) progress.wantAnswer = true;
		let retried: true | undefined;
		const onRetry = () => {
			retried = true;
		};
		const startedNs = nowNs();
		const cancelTimer = cancelAt?.afterMs === undefined ? undefined : setTimeout(() => guard.cancel(), cancelAt.afterMs);
		try {
			const response = await transport.request({method, path, headers: sent, body: sentBody, signal, onRetry});
			ttfbUs = elapsedUs(startedNs);
			status = response.status;
			server = serverHeadersOf(response.headers, recordHeaders);
			traceId = traceIdOf(server);
			rateLimit = rateLimitHeaders(response.headers);
			const verdict = await readReply(decodedResponse(response), progress);
			const durationUs = elapsedUs(startedNs);
			// Given up while the rest of the reply came in the same read (a busy client): cancelled all the same, as on every other endpoint.
			const outcome = guard.end() === 'cancelled' ? 'cancelled' : verdict.outcome;
			// A token that came with the headers is stamped at its arrival, a hair before TTFB's stamp: never before it.
			const ttftUs = verdict.firstContentNs === undefined ? undefined : Math.max(ttfbUs, elapsedUs(startedNs, verdict.firstContentNs));
			const ttfaUs = verdict.firstAnswerNs === undefined ? undefined : Math.max(ttfbUs, elapsedUs(startedNs, verdict.firstAnswerNs));
			return {
				startedNs,
				durationUs,
				ttfbUs,
				ttftUs,
				ttfaUs,
				tokens: withCountedInput(verdict.tokens, chosen.promptTokens),
				interTokenGapsUs: verdict.gapsUs,
				status,
				outcome,
				retried,
				connection: response.connection,
				traceId,
				bytes: verdict.bytes,
				error: verdict.error,
				rateLimit,
				server,
				promptId: chosen.promptId,
				requestedOutputTokens: chosen.requestedOutputTokens,
				model: verdict.model,
				witness: witnessId === undefined ? undefined : {id: witnessId, startedNs},
				// Every field named, never spread: one object shape for every reply keeps the hot path monomorphic.
				session: talk?.session,
				turn: talk?.turn,
				answer: talk ? verdict.answer : undefined,
			};
		} catch (error) {
			const durationUs = elapsedUs(startedNs);
			const failure = guard.end() ?? (info.proxy ? throughProxy(classifyError(error)) : classifyError(error));
			// An error status that arrived is the outcome, even if its body then stalled or broke off.
			const outcome = status !== undefined && status !== 200 && failure !== 'aborted' && failure !== 'cancelled' ? httpErrorKind(status, undefined) : failure;
			const message = outcome === failure ? errorMessage(error) : `${errorMessage(error)} (reading the ${status} reply's body: ${failure})`;
			const partial = progress.partial?.();
			const at = (ns: bigint | undefined) => (ns === undefined ? undefined : elapsedUs(startedNs, ns));
			return {
				startedNs,
				durationUs,
				ttfbUs,
				ttftUs: at(partial?.firstContentNs),
				ttfaUs: at(partial?.firstAnswerNs),
				tokens: partial?.tokens,
				interTokenGapsUs: partial?.gapsUs,
				status,
				outcome,
				retried,
				traceId,
				bytes: partial?.bytes ?? progress.bytes,
				error: message,
				rateLimit,
				server,
				promptId: chosen.promptId,
				requestedOutputTokens: chosen.requestedOutputTokens,
				witness: witnessId === undefined ? undefined : {id: witnessId, startedNs},
				session: talk?.session,
				turn: talk?.turn,
			};
		} finally {
			clearTimeout(cancelTimer);
			guard.end();
		}
	}

	return {
		info,
		createWorker() {
			const guard = new RequestGuard(timeoutMs);
			const {conversation} = options;
			if (!conversation) return {execute: async (signal, seq) => execute(guard, signal, seq), close: () => guard.close()};
			// This worker's conversation: a turn a request, each after the previous answer and the think time.
			let current: {session: number; turn: number; turns: number; messages: ChatMessage[]} | undefined;
			return {
				async execute(signal, seq) {
					if (!current || current.turn >= current.turns) {
						const session = sessions++;
						current = {session, turn: 0, turns: conversation.turns(session), messages: [...conversation.opening(session)]};
					} else {
						// The user reads the answer and types: not the server's time, and before the timer.
						if (conversation.thinkMs > 0) await sleepUntil(nowNs() + BigInt(Math.round(conversation.thinkMs * 1e6)), signal);
						current.messages.push({role: 'user', content: conversation.followUp(current.session, current.turn)});
					}

					const talk: Talk = {
						session: current.session,
						turn: current.turn + 1,
						body: conversation.body(current.messages),
						...(conversation.header ? {header: {name: conversation.header, value: `gatebench-${sessionTag}-${current.session}`}} : {}),
					};
					current.turn++;
					const measurement = await execute(guard, signal, seq, talk);
					// The next turn carries this answer; a failed turn ends its conversation.
					if (measurement.outcome !== 'ok' || measurement.answer === undefined) current.turn = current.turns;
					else current.messages.push({role: 'assistant', content: measurement.answer});
					const {answer: _answer, ...kept} = measurement;
					return kept;
				},
				close: () => guard.close(),
			};
		},
		close: () => transport.close(),
	};
}
