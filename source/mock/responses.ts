import type {IncomingMessage, ServerResponse} from 'node:http';
import {bodyReply, streamReply} from './fault-reply.js';
import {estimateTokens, makePlan, reasoningCount, tokenLimit} from './latency.js';
import type {MockContext} from './mock-options.js';
import {injectFault, readOpenAiBody} from './openai.js';
import {sseEvent, write} from './sse-writer.js';

/**
 * OpenAI's Responses API, `POST /v1/responses` (OpenAI's streaming reference; vLLM's
 * serving_responses sends the same events): `input` messages and `max_output_tokens` in; out, a
 * response object, or its semantic events — `response.created`, `response.in_progress`, the output
 * item and content part opened, a `response.reasoning_summary_text.delta` per reasoning token (a
 * reasoning item first, when the mock reasons), a `response.output_text.delta` per answer token,
 * then the text, part and item done and `response.completed` with the usage. Every event names
 * itself twice (`event:` and `type`) and carries a `sequence_number`; there is no `[DONE]`.
 */
export function handleResponses(request: IncomingMessage, response: ServerResponse, context: MockContext): void {
	const {id, headers} = context.reply();
	headers['x-request-id'] = id;
	readOpenAiBody(request, response, context, headers, 'provider', (body) => {
		const model = typeof body['model'] === 'string' ? body['model'] : 'mock-model';
		const stream = body['stream'] === true;
		const fault = injectFault(request, response, context, headers, stream, 'provider');
		if (fault === 'answered') return;

		const input = body['input'];
		const plan = makePlan(context.options, context.drawsFor(input), tokenLimit(body['max_output_tokens']));
		const inputTokens = estimateTokens(context.options, input);
		const reasoning = reasoningCount(context.options, plan.tokens.length);
		const usage = {
			input_tokens: inputTokens,
			input_tokens_details: {cached_tokens: Math.min(context.cachedTokens(input), inputTokens)},
			output_tokens: plan.tokens.length,
			output_tokens_details: {reasoning_tokens: reasoning},
			total_tokens: inputTokens + plan.tokens.length,
		};
		const responseId = `resp_${id}`;
		const messageId = `msg_${id}`;
		const reasoningId = `rs_${id}`;
		const createdAt = Math.floor(Date.now() / 1000);
		const answer = () => plan.tokens.slice(reasoning).join('');
		const status = plan.capped ? 'incomplete' : 'completed';
		const message = (state: string, text: string) => ({
			id: messageId,
			type: 'message',
			status: state,
			role: 'assistant',
			content: state === 'in_progress' ? [] : [{type: 'output_text', text, annotations: []}],
		});
		const reasoningItem = () => ({id: reasoningId, type: 'reasoning', summary: [{type: 'summary_text', text: plan.tokens.slice(0, reasoning).join('')}]});
		const object = (state: string, output: unknown[], withUsage: boolean) => ({
			id: responseId,
			object: 'response',
			created_at: createdAt,
			status: state,
			model,
			output,
			...(state === 'incomplete' ? {incomplete_details: {reason: 'max_output_tokens'}} : {}),
			usage: withUsage ? usage : null,
		});
		if (!stream) {
			bodyReply(
				response,
				headers,
				plan.dueMs,
				'application/json',
				() => JSON.stringify(object(status, [...(reasoning > 0 ? [reasoningItem()] : []), message('completed', answer())], true)),
				fault,
				context.options,
			);
			return;
		}

		let sequence = 0;
		const send = (type: string, fields: Record<string, unknown>): void => {
			write(response, sseEvent(type, JSON.stringify({type, sequence_number: sequence++, ...fields})));
		};

		const answerIndex = reasoning > 0 ? 1 : 0;
		const openMessage = () => {
			send('response.output_item.added', {output_index: answerIndex, item: message('in_progress', '')});
			send('response.content_part.added', {
				item_id: messageId,
				output_index: answerIndex,
				content_index: 0,
				part: {type: 'output_text', text: '', annotations: []},
			});
		};

		streamReply(
			response,
			headers,
			plan.dueMs,
			{
				preamble() {
					send('response.created', {response: object('in_progress', [], false)});
					send('response.in_progress', {response: object('in_progress', [], false)});
					if (reasoning > 0) send('response.output_item.added', {output_index: 0, item: {id: reasoningId, type: 'reasoning', summary: []}});
					else openMessage();
				},
				token(index) {
					if (index < reasoning) {
						send('response.reasoning_summary_text.delta', {item_id: reasoningId, output_index: 0, summary_index: 0, delta: plan.tokens[index]});
						return;
					}

					if (index === reasoning && reasoning > 0) {
						send('response.output_item.done', {output_index: 0, item: reasoningItem()});
						openMessage();
					}

					send('response.output_text.delta', {item_id: messageId, output_index: answerIndex, content_index: 0, delta: plan.tokens[index], logprobs: []});
				},
				finish() {
					const text = answer();
					send('response.output_text.done', {item_id: messageId, output_index: answerIndex, content_index: 0, text, logprobs: []});
					send('response.content_part.done', {
						item_id: messageId,
						output_index: answerIndex,
						content_index: 0,
						part: {type: 'output_text', text, annotations: []},
					});
					send('response.output_item.done', {output_index: answerIndex, item: message('completed', text)});
					send(`response.${status}`, {response: object(status, [...(reasoning > 0 ? [reasoningItem()] : []), message('completed', text)], true)});
				},
				// A stream that fails: `response.failed` with the error in the response (OpenAI's shape).
				errorEvents: sseEvent(
					'response.failed',
					JSON.stringify({
						type: 'response.failed',
						sequence_number: 99,
						response: {...object('failed', [], false), error: {code: 'server_error', message: 'The server is overloaded'}},
					}),
				),
				malformed: sseEvent('response.output_text.delta', '{"type":"response.output_text.delta","delta":'),
			},
			fault,
			context.options,
		);
	});
}
