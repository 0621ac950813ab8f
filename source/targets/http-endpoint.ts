import {elapsedUs, nowNs} from '../engine/clock.js';
import {classifyError, errorMessage} from '../engine/errors.js';
import type {HttpResponse, HttpTransport} from '../transport/types.js';
import {RequestGuard} from './deadline.js';
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
};

export type HttpEndpointOptions = {
	readonly info: EndpointInfo;
	readonly transport: HttpTransport;
	readonly method: 'GET' | 'POST';
	readonly path: string;
	readonly headers: Readonly<Record<string, string>>;
	/** Serialised once: the same bytes go out on every request. */
	readonly body: string;
	readonly timeoutMs: number;
	/** Reads the whole reply; may throw network errors, which become failed samples. */
	readonly readReply: (response: HttpResponse) => Promise<ReplyVerdict>;
};

/** An endpoint measured over HTTP. Workers share the transport's keep-alive pool. */
export function createHttpEndpoint(options: HttpEndpointOptions): Endpoint {
	const {info, transport, method, path, headers, body, timeoutMs, readReply} = options;
	async function execute(guard: RequestGuard, runSignal: AbortSignal): Promise<Measurement> {
		const signal = guard.begin(runSignal);
		let status: number | undefined;
		let ttfbUs: number | undefined;
		let traceId: string | undefined;
		let rateLimit: Record<string, string> | undefined;
		let server: ServerHeaders | undefined;
		const startedNs = nowNs();
		try {
			const response = await transport.request({method, path, headers, body, signal});
			ttfbUs = elapsedUs(startedNs);
			status = response.status;
			server = serverHeadersOf(response.headers);
			traceId = traceIdOf(server);
			rateLimit = rateLimitHeaders(response.headers);
			const verdict = await readReply(response);
			const durationUs = elapsedUs(startedNs);
			const ttftUs = verdict.firstContentNs === undefined ? undefined : elapsedUs(startedNs, verdict.firstContentNs);
			const ttfaUs = verdict.firstAnswerNs === undefined ? undefined : elapsedUs(startedNs, verdict.firstAnswerNs);
			return {
				startedNs,
				durationUs,
				ttfbUs,
				ttftUs,
				ttfaUs,
				tokens: verdict.tokens,
				interTokenGapsUs: verdict.gapsUs,
				status,
				outcome: verdict.outcome,
				traceId,
				bytes: verdict.bytes,
				error: verdict.error,
				rateLimit,
				server,
			};
		} catch (error) {
			const outcome = guard.end() ?? classifyError(error);
			return {startedNs, durationUs: elapsedUs(startedNs), ttfbUs, status, outcome, traceId, bytes: 0, error: errorMessage(error), rateLimit, server};
		} finally {
			guard.end();
		}
	}

	return {
		info,
		createWorker() {
			const guard = new RequestGuard(timeoutMs);
			return {execute: async (signal) => execute(guard, signal), close: () => guard.close()};
		},
		close: () => transport.close(),
	};
}
