import type {IncomingMessage, OutgoingHttpHeaders, ServerResponse} from 'node:http';
import {bodyReply, streamReply} from './fault-reply.js';
import {errorHeaders} from './faults.js';
import {readJsonObject, send} from './http.js';
import {makePlan, tokenLimit} from './latency.js';
import {sseEvent, write} from './sse-writer.js';
import type {MockContext} from './mock-options.js';

const textPlain = 'text/plain; charset=utf-8';

function sendText(response: ServerResponse, status: number, headers: OutgoingHttpHeaders, message: string): void {
	errorHeaders(status, headers);
	send(response, status, headers, textPlain, message + '\n');
}

/** The `api-version` query parameter, 0 when absent or not a number. */
function apiVersion(url: string | undefined): number {
	const query = url?.indexOf('?') ?? -1;
	if (query === -1) {
		return 0;
	}

	const value = Number(new URLSearchParams(url!.slice(query + 1)).get('api-version'));
	return Number.isFinite(value) ? value : 0;
}

/**
 * Sourcegraph `/.api/completions/{stream,code}` (wire-formats §4): `stream` defaults to `defaultStream` when
 * the body has none; api-version >= 2 streams `deltaText`, older versions the cumulative `completion`.
 */
export function handleSourcegraph(request: IncomingMessage, response: ServerResponse, context: MockContext, defaultStream: boolean): void {
	const {headers} = context.reply();
	if (!context.authorized(request)) {
		request.resume();
		sendText(response, 401, headers, 'Unauthorized');
		return;
	}

	const delta = apiVersion(request.url) >= 2;
	void readJsonObject(request).then((body) => {
		if (body === undefined) {
			sendText(response, 400, headers, 'could not decode request body');
			return;
		}

		if (context.shouldFail()) {
			sendText(response, context.options.failStatus, headers, 'Injected failure (gatebench mock failRate)');
			return;
		}

		const stream = typeof body['stream'] === 'boolean' ? body['stream'] : defaultStream;
		const fault = context.fault(stream ? 'stream' : 'body');
		if (fault === 'status') {
			sendText(response, context.options.failStatus, headers, 'Injected fault (gatebench mock)');
			return;
		}

		const plan = makePlan(context.options, context.drawsFor(body['messages']), tokenLimit(body['maxTokensToSample']));
		const stopReason = plan.capped ? 'max_tokens' : 'end_turn';
		if (!stream) {
			bodyReply(response, headers, plan.dueMs, textPlain, () => JSON.stringify({completion: plan.tokens.join(''), stopReason}), fault, context.options);
			return;
		}

		headers['x-accel-buffering'] = 'no';
		const event = (name: string, data: string): void => {
			write(response, sseEvent(name, data));
		};

		let completion = '';
		const last = plan.tokens.length - 1;
		streamReply(
			response,
			headers,
			plan.dueMs,
			{
				preamble: () => undefined,
				token(index) {
					const token = plan.tokens[index]!;
					if (delta) {
						event('completion', `{"completion":"","deltaText":${JSON.stringify(token)},"stopReason":""}`);
					} else {
						completion += token;
						event('completion', JSON.stringify({completion, stopReason: index === last ? stopReason : ''}));
					}
				},
				finish() {
					if (delta) {
						event('completion', JSON.stringify({completion: '', stopReason}));
					}

					event('done', '{}');
				},
				errorEvents: sseEvent('error', '{"error":"upstream overloaded (gatebench mock fault)"}') + sseEvent('done', '{}'),
				malformed: sseEvent('completion', '{"completion":"'),
			},
			fault,
			context.options,
		);
	});
}
