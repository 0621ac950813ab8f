import {noteBody, noteFault} from './witness.js';
import type {IncomingMessage, OutgoingHttpHeaders, ServerResponse} from 'node:http';
import {bodyReply, streamReply} from './fault-reply.js';
import {errorHeaders} from './faults.js';
import {readJsonObject, sendJson} from './http.js';
import {estimateTokens, makePlan, reasoningCount, tokenLimit} from './latency.js';
import {sseEvent, write} from './sse-writer.js';
import {argumentPiece, mockTool, toolInput} from './tool-call.js';
import type {MockContext, MockErrorStyle, MockFault} from './mock-options.js';

/** `auto`: chat when the body has `messages` and no `prompt` (Cody Gateway's fireworks route serves both). */
export type OpenAiKind = 'completions' | 'chat' | 'auto';

const errorKinds: Record<number, [type: string, code: string]> = {
	400: ['invalid_request_error', 'invalid_request'],
	401: ['invalid_request_error', 'invalid_api_key'],
	403: ['invalid_request_error', 'permission_denied'],
	404: ['invalid_request_error', 'model_not_found'],
	429: ['requests', 'rate_limit_exceeded'],
};

export function sendOpenAiError(
	response: ServerResponse,
	status: number,
	headers: OutgoingHttpHeaders,
	message: string,
	style: MockErrorStyle = 'provider',
): void {
	errorHeaders(status, headers);
	if (style === 'litellm') {
		sendJson(response, status, headers, liteLlmError(status, message));
		return;
	}

	const [type, code] = errorKinds[status] ?? (status >= 500 ? ['server_error', 'server_error'] : ['invalid_request_error', 'invalid_request']);
	sendJson(response, status, headers, {error: {message, type, param: null, code}});
}

/** LiteLLM proxy's types by status (litellm/proxy/_types.py ProxyErrorTypes; `throttling_error` from its router). */
const liteLlmTypes: Record<number, [type: string, exception: string]> = {
	400: ['bad_request_error', 'BadRequestError'],
	401: ['auth_error', 'AuthenticationError'],
	403: ['auth_error', 'PermissionDeniedError'],
	404: ['not_found_error', 'NotFoundError'],
	429: ['throttling_error', 'RateLimitError'],
};

/**
 * LiteLLM proxy's ProxyException body: the HTTP status repeated as a string `code`, the useful part in
 * `type`, and the message prefixed with the exception's name.
 */
function liteLlmError(status: number, message: string): {error: Record<string, string | null>} {
	const [type, exception] =
		liteLlmTypes[status] ?? (status >= 500 ? ['internal_server_error', 'InternalServerError'] : ['bad_request_error', 'BadRequestError']);
	return {error: {message: `litellm.${exception}: ${message}`, type, param: null, code: String(status)}};
}

/** What an OpenAI-style route does first: the key checked, the JSON body read and witnessed (401 and 400 as OpenAI answers), then `serve`. */
export function readOpenAiBody(
	request: IncomingMessage,
	response: ServerResponse,
	context: MockContext,
	headers: OutgoingHttpHeaders,
	style: MockErrorStyle,
	serve: (body: Record<string, unknown>) => void,
): void {
	if (!context.authorized(request)) {
		request.resume();
		sendOpenAiError(response, 401, headers, 'Incorrect API key provided.', style);
		return;
	}

	void readJsonObject(request).then((body) => {
		if (body) noteBody(request, body);
		if (body === undefined) sendOpenAiError(response, 400, headers, 'We could not parse the JSON body of your request.', style);
		else serve(body);
	});
}

/**
 * The failures the mock injects into an OpenAI-style reply: `answered` when it sent the error
 * itself (`failRate`, or a `status` fault), else the stream or body fault to apply, if any.
 */
export function injectFault(
	request: IncomingMessage,
	response: ServerResponse,
	context: MockContext,
	headers: OutgoingHttpHeaders,
	stream: boolean,
	style: MockErrorStyle,
): MockFault | undefined | 'answered' {
	if (context.shouldFail()) {
		noteFault(request, `status ${context.options.failStatus}`);
		sendOpenAiError(response, context.options.failStatus, headers, 'Injected failure (gatebench mock failRate)', style);
		return 'answered';
	}

	const fault = context.fault(stream ? 'stream' : 'body');
	if (fault !== undefined) noteFault(request, fault === 'status' ? `status ${context.options.failStatus}` : fault);
	if (fault !== 'status') return fault;
	sendOpenAiError(response, context.options.failStatus, headers, 'Injected fault (gatebench mock)', style);
	return 'answered';
}

/** OpenAI-compatible completions and chat completions (wire-formats §2); `gateway` names Cody Gateway's fireworks route. */
export function handleOpenAi(request: IncomingMessage, response: ServerResponse, context: MockContext, kind: OpenAiKind, gateway: boolean): void {
	const {id, headers} = context.reply();
	// LiteLLM proxy names its call id so (and forwards the provider's as llm_provider-x-request-id).
	headers[context.options.errorStyle === 'litellm' ? 'x-litellm-call-id' : 'x-request-id'] = id;
	readOpenAiBody(request, response, context, headers, context.options.errorStyle, (body) => {
		const model = typeof body['model'] === 'string' ? body['model'] : 'mock-model';
		if (gateway) {
			headers['x-cody-resolved-model'] = `fireworks/${model === 'starcoder' ? 'starcoder-16b' : model}`;
		}

		const stream = body['stream'] === true;
		const injected = injectFault(request, response, context, headers, stream, context.options.errorStyle);
		if (injected === 'answered') return;
		const fault = injected;
		const chat = kind === 'chat' || (kind === 'auto' && Array.isArray(body['messages']) && body['prompt'] === undefined);
		const plan = makePlan(
			context.options,
			context.drawsFor(chat ? body['messages'] : body['prompt']),
			tokenLimit(body['max_tokens'] ?? body['max_completion_tokens']),
			{
				atLeast: tokenLimit(body['min_tokens']) ?? 0,
				untilLimit: body['ignore_eos'] === true,
			},
		);
		const promptTokens = estimateTokens(context.options, chat ? body['messages'] : body['prompt']);
		// Reasoning models think first: the first tokens are reasoning (chat only; legacy completions have no field for it).
		const reasoning = chat ? reasoningCount(context.options, plan.tokens.length) : 0;
		// A conversation's earlier turns come from the prefix cache, as vLLM and OpenAI report them.
		const cached = chat ? Math.min(context.cachedTokens(body['messages']), promptTokens) : 0;
		const usage = {
			prompt_tokens: promptTokens,
			completion_tokens: plan.tokens.length,
			total_tokens: promptTokens + plan.tokens.length,
			...(cached > 0 ? {prompt_tokens_details: {cached_tokens: cached}} : {}),
			...(reasoning > 0 ? {completion_tokens_details: {reasoning_tokens: reasoning}} : {}),
		};
		const tools = chat && context.options.toolCalls;
		const callId = `call_${id}`;
		const finishReason = plan.capped ? 'length' : tools ? 'tool_calls' : 'stop';
		const envelope = {
			id: `${chat ? 'chatcmpl' : 'cmpl'}-${id}`,
			object: chat ? 'chat.completion.chunk' : 'text_completion',
			created: Math.floor(Date.now() / 1000),
			model,
		};
		if (!stream) {
			bodyReply(
				response,
				headers,
				plan.dueMs,
				'application/json',
				() => {
					const text = plan.tokens.slice(reasoning).join('');
					const thought = reasoning > 0 ? {reasoning_content: plan.tokens.slice(0, reasoning).join('')} : {};
					return JSON.stringify({
						...envelope,
						object: chat ? 'chat.completion' : 'text_completion',
						choices: [
							chat
								? {
										index: 0,
										message: tools
											? {
													role: 'assistant',
													content: null,
													...thought,
													tool_calls: [
														{id: callId, type: 'function', function: {name: mockTool.name, arguments: JSON.stringify(toolInput(plan.tokens, reasoning))}},
													],
												}
											: {role: 'assistant', content: text, ...thought},
										logprobs: null,
										finish_reason: finishReason,
									}
								: {index: 0, text, logprobs: null, finish_reason: finishReason},
						],
						usage,
					});
				},
				fault,
				context.options,
			);
			return;
		}

		const options = body['stream_options'];
		const includeUsage = chat && typeof options === 'object' && options !== null && (options as Record<string, unknown>)['include_usage'] === true;
		const head = JSON.stringify(envelope).slice(0, -1) + ',"choices":[{"index":0,';
		const tail = ',"logprobs":null,"finish_reason":null}]' + (includeUsage ? ',"usage":null}' : '}');
		const data = (json: string): void => {
			write(response, sseEvent(undefined, json));
		};

		streamReply(
			response,
			headers,
			plan.dueMs,
			{
				preamble() {
					if (chat) {
						data(head + '"delta":{"role":"assistant","content":""}' + tail);
					}
				},
				token(index) {
					const text = JSON.stringify(plan.tokens[index]);
					if (tools && index >= reasoning) {
						const start = index === reasoning ? `"id":"${callId}","type":"function",` : '';
						const name = index === reasoning ? `"name":"${mockTool.name}",` : '';
						const piece = JSON.stringify(argumentPiece(plan.tokens, index, reasoning));
						data(head + `"delta":{"tool_calls":[{"index":0,${start}"function":{${name}"arguments":${piece}}}]}` + tail);
						return;
					}

					const field = index < reasoning ? 'reasoning_content' : 'content';
					data(head + (chat ? `"delta":{"${field}":${text}}` : `"text":${text}`) + tail);
				},
				finish() {
					const choice = chat
						? {index: 0, delta: {}, logprobs: null, finish_reason: finishReason}
						: {index: 0, text: '', logprobs: null, finish_reason: finishReason};
					data(JSON.stringify(chat ? {...envelope, choices: [choice], ...(includeUsage ? {usage: null} : {})} : {...envelope, choices: [choice], usage}));
					if (includeUsage) {
						data(JSON.stringify({...envelope, choices: [], usage}));
					}

					data('[DONE]');
				},
				// OpenAI's shape; vLLM and others also end with [DONE] after it.
				errorEvents:
					sseEvent(undefined, '{"error":{"message":"The server is overloaded","type":"server_error","param":null,"code":null}}') +
					sseEvent(undefined, '[DONE]'),
				malformed: sseEvent(undefined, head + '"text":'),
			},
			fault,
			context.options,
		);
	});
}
