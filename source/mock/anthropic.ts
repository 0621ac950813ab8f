import {noteBody, noteFault} from './witness.js';
import type {IncomingMessage, OutgoingHttpHeaders, ServerResponse} from 'node:http';
import {bodyReply, streamReply} from './fault-reply.js';
import {errorHeaders} from './faults.js';
import {readJsonObject, rfc3339, sendJson} from './http.js';
import {estimateTokens, makePlan, reasoningCount, tokenLimit} from './latency.js';
import {sseEvent, write} from './sse-writer.js';
import {argumentPiece, mockTool, toolInput} from './tool-call.js';
import type {MockContext} from './mock-options.js';

/** What a thinking block's signature looks like (opaque to clients). */
const thinkingSignature = 'EqQBCgIYAhIMgatebenchmock';

const errorTypes: Record<number, string> = {
	400: 'invalid_request_error',
	401: 'authentication_error',
	402: 'billing_error',
	403: 'permission_error',
	404: 'not_found_error',
	413: 'request_too_large',
	429: 'rate_limit_error',
	500: 'api_error',
	504: 'timeout_error',
	529: 'overloaded_error',
};

function errorType(status: number): string {
	return errorTypes[status] ?? (status === 503 ? 'overloaded_error' : status >= 500 ? 'api_error' : 'invalid_request_error');
}

export function sendAnthropicError(response: ServerResponse, status: number, headers: OutgoingHttpHeaders, message: string): void {
	const requestId = String(headers['request-id']);
	errorHeaders(status, headers);
	if (status === 429) {
		headers['anthropic-ratelimit-requests-remaining'] = '0';
	}

	sendJson(response, status, headers, {type: 'error', error: {type: errorType(status), message}, request_id: requestId});
}

function rateLimitHeaders(headers: OutgoingHttpHeaders, outputTokens: number): void {
	const reset = rfc3339((Math.floor(Date.now() / 60_000) + 1) * 60_000);
	headers['anthropic-ratelimit-requests-limit'] = '4000';
	headers['anthropic-ratelimit-requests-remaining'] = '3999';
	headers['anthropic-ratelimit-requests-reset'] = reset;
	headers['anthropic-ratelimit-output-tokens-limit'] = '80000';
	headers['anthropic-ratelimit-output-tokens-remaining'] = String(Math.max(0, 80_000 - outputTokens));
	headers['anthropic-ratelimit-output-tokens-reset'] = reset;
}

/**
 * Anthropic Messages API (wire-formats §1). `gateway` adds Cody Gateway's x-cody-resolved-model.
 */
export function handleAnthropic(request: IncomingMessage, response: ServerResponse, context: MockContext, gateway: boolean): void {
	const {id, headers} = context.reply();
	headers['request-id'] = `req_${id}`;
	if (!context.authorized(request)) {
		request.resume();
		sendAnthropicError(response, 401, headers, 'invalid x-api-key');
		return;
	}

	void readJsonObject(request).then((body) => {
		if (body) noteBody(request, body);
		if (body === undefined) {
			sendAnthropicError(response, 400, headers, 'Could not parse the request body as a JSON object');
			return;
		}

		const rawModel = typeof body['model'] === 'string' ? body['model'] : 'claude-3-haiku-20240307';
		const model = rawModel.startsWith('anthropic/') ? rawModel.slice('anthropic/'.length) : rawModel;
		if (gateway) {
			headers['x-cody-resolved-model'] = `anthropic/${model}`;
		}

		if (context.shouldFail()) {
			noteFault(request, `status ${context.options.failStatus}`);
			sendAnthropicError(response, context.options.failStatus, headers, 'Injected failure (gatebench mock failRate)');
			return;
		}

		const stream = body['stream'] === true;
		const fault = context.fault(stream ? 'stream' : 'body');
		if (fault !== undefined) noteFault(request, fault === 'status' ? `status ${context.options.failStatus}` : fault);
		if (fault === 'status') {
			sendAnthropicError(response, context.options.failStatus, headers, 'Injected fault (gatebench mock)');
			return;
		}

		const plan = makePlan(context.options, context.drawsFor([body['system'], body['messages']]), tokenLimit(body['max_tokens']));
		const inputTokens = estimateTokens(context.options, body['system'], body['messages']);
		// Anthropic counts the tokens read from its prompt cache apart from the rest of the input.
		const cacheRead = Math.min(context.cachedTokens(body['messages']), inputTokens);
		const inputUsage = {input_tokens: inputTokens - cacheRead, ...(cacheRead > 0 ? {cache_read_input_tokens: cacheRead} : {})};
		const tools = context.options.toolCalls;
		const stopReason = plan.capped ? 'max_tokens' : tools ? 'tool_use' : 'end_turn';
		const toolUseId = `toolu_${id}`;
		// The answer block: text, or (toolCalls) a tool_use whose input is streamed as JSON pieces.
		const answerBlock = tools ? `{"type":"tool_use","id":"${toolUseId}","name":"${mockTool.name}","input":{}}` : '{"type":"text","text":""}';
		const messageId = `msg_${id}`;
		// Extended thinking: a thinking block (its signature closing it) before the text block.
		const reasoning = reasoningCount(context.options, plan.tokens.length);
		const textIndex = reasoning > 0 ? 1 : 0;
		rateLimitHeaders(headers, plan.tokens.length);
		if (!stream) {
			bodyReply(
				response,
				headers,
				plan.dueMs,
				'application/json',
				() =>
					JSON.stringify({
						id: messageId,
						type: 'message',
						role: 'assistant',
						model,
						content: [
							...(reasoning > 0 ? [{type: 'thinking', thinking: plan.tokens.slice(0, reasoning).join(''), signature: thinkingSignature}] : []),
							tools
								? {type: 'tool_use', id: toolUseId, name: mockTool.name, input: toolInput(plan.tokens, reasoning)}
								: {type: 'text', text: plan.tokens.slice(reasoning).join('')},
						],
						stop_reason: stopReason,
						stop_sequence: null,
						usage: {...inputUsage, output_tokens: plan.tokens.length},
					}),
				fault,
				context.options,
			);
			return;
		}

		const event = (name: string, data: string): void => {
			write(response, sseEvent(name, data));
		};

		streamReply(
			response,
			headers,
			plan.dueMs,
			{
				preamble() {
					event(
						'message_start',
						JSON.stringify({
							type: 'message_start',
							message: {
								id: messageId,
								type: 'message',
								role: 'assistant',
								content: [],
								model,
								stop_reason: null,
								stop_sequence: null,
								usage: {...inputUsage, output_tokens: 1},
							},
						}),
					);
					const first = reasoning > 0 ? '{"type":"thinking","thinking":""}' : answerBlock;
					event('content_block_start', `{"type":"content_block_start","index":0,"content_block":${first}}`);
					event('ping', '{"type": "ping"}');
				},
				token(index) {
					if (index < reasoning) {
						event(
							'content_block_delta',
							'{"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":' + JSON.stringify(plan.tokens[index]) + '}}',
						);
						return;
					}

					if (reasoning > 0 && index === reasoning) {
						event('content_block_delta', `{"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"${thinkingSignature}"}}`);
						event('content_block_stop', '{"type":"content_block_stop","index":0}');
						event('content_block_start', `{"type":"content_block_start","index":1,"content_block":${answerBlock}}`);
					}

					const delta = tools
						? `{"type":"input_json_delta","partial_json":${JSON.stringify(argumentPiece(plan.tokens, index, reasoning))}}`
						: `{"type":"text_delta","text":${JSON.stringify(plan.tokens[index])}}`;
					event('content_block_delta', `{"type":"content_block_delta","index":${textIndex},"delta":${delta}}`);
				},
				finish() {
					event('content_block_stop', `{"type":"content_block_stop","index":${textIndex}}`);
					event(
						'message_delta',
						JSON.stringify({type: 'message_delta', delta: {stop_reason: stopReason, stop_sequence: null}, usage: {output_tokens: plan.tokens.length}}),
					);
					event('message_stop', '{"type":"message_stop"}');
				},
				errorEvents: sseEvent('error', '{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}'),
				malformed: sseEvent('content_block_delta', '{"type":"content_block_delta","index":0,"delta":{"type":"text_'),
			},
			fault,
			context.options,
		);
	});
}
