import type {IncomingMessage, OutgoingHttpHeaders, ServerResponse} from 'node:http';
import {readJsonObject, send} from './http.js';
import {makePlan, tokenLimit} from './latency.js';
import {schedule, sseEvent, startSse, write} from './sse.js';
import type {MockContext} from './types.js';

const textPlain = 'text/plain; charset=utf-8';

function sendText(response: ServerResponse, status: number, headers: OutgoingHttpHeaders, message: string): void {
	headers['x-should-retry'] = 'false';
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
	void readJsonObject(request).then(body => {
		if (body === undefined) {
			sendText(response, 400, headers, 'could not decode request body');
			return;
		}

		if (context.shouldFail()) {
			sendText(response, context.options.failStatus, headers, 'Injected failure (gatebench mock failRate)');
			return;
		}

		const plan = makePlan(context.options, () => context.random(), tokenLimit(body['maxTokensToSample']));
		const stopReason = plan.capped ? 'max_tokens' : 'end_turn';
		const stream = typeof body['stream'] === 'boolean' ? body['stream'] : defaultStream;
		if (!stream) {
			schedule(response, plan.dueMs, () => undefined, () => {
				send(response, 200, headers, textPlain, JSON.stringify({completion: plan.tokens.join(''), stopReason}));
			});
			return;
		}

		headers['x-accel-buffering'] = 'no';
		startSse(response, headers);
		let completion = '';
		const last = plan.tokens.length - 1;
		schedule(response, plan.dueMs, index => {
			const token = plan.tokens[index]!;
			if (delta) {
				write(response, sseEvent('completion', `{"completion":"","deltaText":${JSON.stringify(token)},"stopReason":""}`));
			} else {
				completion += token;
				write(response, sseEvent('completion', JSON.stringify({completion, stopReason: index === last ? stopReason : ''})));
			}
		}, () => {
			if (delta) {
				write(response, sseEvent('completion', JSON.stringify({completion: '', stopReason})));
			}

			write(response, sseEvent('done', '{}'));
			response.end();
		});
	});
}
