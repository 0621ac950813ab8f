import type {HttpResponse} from '../transport/http-types.js';
import type {CompletionRequest} from './completions-request.js';
import type {ReplyProgress, ReplyVerdict} from './http-endpoint.js';
import {bodyGist, failureMessage, readBody} from './read-body.js';
import {httpErrorKind, providerError} from './provider-error.js';
import {newStreamReading, readStream, type StreamReading, usageContradicted} from './sse-stream.js';
import {anthropicInput, type EventMeaning, modelOf, openAiInput, responsesUsage} from './stream-formats.js';
import type {TokenCount} from '../engine/endpoint.js';
import {sanitize} from '../engine/sanitize.js';

/** A reply's model name, made safe to show and bounded. */
const shownModel = (model: string | undefined) => (model === undefined ? undefined : sanitize(model, 120));

/**
 * Completions can be long, but a reply past this is a fault, not a completion. Whole replies
 * are held in memory while read (up to this × concurrency); streams only count their bytes.
 */
export const completionBodyCap = 16 * 1024 * 1024;

export function completionReader(request: CompletionRequest, stream: boolean): (response: HttpResponse, progress: ReplyProgress) => Promise<ReplyVerdict> {
	return async (response, progress) => {
		if (response.status !== 200) {
			const {text, bytes} = await readBody(response, completionBodyCap, progress);
			const error = providerError(text);
			return {outcome: httpErrorKind(response.status, error.type), bytes, error: failureMessage(error.message, response.headers['content-type'], text)};
		}

		return stream ? readStreamedReply(response, request, progress) : readWholeReply(response, request, progress);
	};
}

/** What a stream brought, as a row keeps it: timings and tokens so far. */
const streamFigures = (reading: StreamReading) => ({
	firstContentNs: reading.firstContentNs,
	firstAnswerNs: reading.firstAnswerNs,
	gapsUs: reading.gapsUs,
	tokens: streamTokens(reading),
	model: shownModel(reading.model),
});

async function readStreamedReply(response: HttpResponse, request: CompletionRequest, progress: ReplyProgress): Promise<ReplyVerdict> {
	const reading = newStreamReading();
	if (progress.stopAfterEvents) reading.stopAfter = progress.stopAfterEvents;
	if (progress.wantAnswer) reading.answer = [];
	// A stream cut short (a timeout, a reset) keeps on its failed row what had arrived.
	progress.partial = () => ({bytes: reading.bytes, ...streamFigures(reading)});
	await readStream(response, request.format, completionBodyCap, reading);
	const base = {bytes: reading.bytes, ...streamFigures(reading), ...(reading.answer ? {answer: reading.answer.join('')} : {})};
	// A JSON or HTML 200 to a request for a stream: say what came instead.
	if (reading.events === 0 && reading.bytes > 0) return {...base, outcome: 'not_a_stream', error: bodyGist(response.headers['content-type'], reading.head)};
	if (reading.error !== undefined) {
		const outcome = reading.error ? (`stream_error:${reading.error}` as const) : 'stream_error';
		return {...base, outcome, error: reading.errorMessage ?? (reading.error || 'error event in the stream')};
	}
	if (reading.badJson) return {...base, outcome: 'bad_json', error: 'an event carried invalid JSON'};
	if (!reading.terminal) return {...base, outcome: 'stream_truncated', error: 'stream ended before its terminal event'};
	return {...base, outcome: 'ok'};
}

/** The reply's usage where it is consistent with what arrived; else the content events, counted and marked so. */
function streamTokens(reading: StreamReading): TokenCount | undefined {
	const {outputTokens, contentEvents, reasoningTokens: reasoning} = reading;
	const input = {input: reading.inputTokens, cacheRead: reading.cacheReadTokens, cacheWrite: reading.cacheWriteTokens};
	if (outputTokens === undefined || usageContradicted(reading)) {
		if (contentEvents === 0) return undefined;
		return {output: contentEvents, ...input, estimated: true, reasoning, reads: reading.reads, ...(outputTokens === undefined ? {} : {contradicted: true})};
	}

	return {output: outputTokens, ...input, estimated: false, events: contentEvents, reasoning, reads: reading.reads};
}

async function readWholeReply(response: HttpResponse, request: CompletionRequest, progress: ReplyProgress): Promise<ReplyVerdict> {
	const {text, bytes} = await readBody(response, completionBodyCap, progress);
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch {
		return {outcome: 'bad_json', bytes, error: `reply is not JSON: ${bodyGist(response.headers['content-type'], text)}`};
	}

	const model = typeof json === 'object' && json !== null ? modelOf(json as Record<string, unknown>).model : undefined;
	return {outcome: 'ok', bytes, tokens: usageOf(json, request.usage), model: shownModel(model), ...(progress.wantAnswer ? {answer: answerOf(json)} : {})};
}

/** A whole reply's answer text: chat's message, legacy completions' text, Anthropic's and the Responses API's text parts. */
function answerOf(json: unknown): string {
	const reply = typeof json === 'object' && json !== null ? (json as Record<string, unknown>) : {};
	const texts = (parts: unknown): string =>
		Array.isArray(parts)
			? parts
					.map((part) => (typeof part === 'object' && part !== null ? (part as Record<string, unknown>) : {}))
					.map((part) => (typeof part['text'] === 'string' ? part['text'] : texts(part['content'])))
					.join('')
			: '';
	const [choice] = Array.isArray(reply['choices']) ? (reply['choices'] as Array<Record<string, unknown>>) : [];
	const message = choice && typeof choice['message'] === 'object' && choice['message'] !== null ? (choice['message'] as Record<string, unknown>) : undefined;
	if (typeof message?.['content'] === 'string') return message['content'];
	if (typeof choice?.['text'] === 'string') return choice['text'];
	return texts(reply['content']) || texts(reply['output']);
}

/** A whole reply's usage, read as a stream's last usage event is: the same fields, the same cache and reasoning rules. */
function usageOf(json: unknown, usage: CompletionRequest['usage']): TokenCount | undefined {
	if (usage === 'none' || typeof json !== 'object' || json === null) return undefined;
	const counts = (json as {usage?: unknown}).usage;
	if (typeof counts !== 'object' || counts === null) return undefined;
	const fields = counts as Record<string, unknown>;
	if (usage === 'responses') {
		const read = responsesUsage(fields);
		if (read.outputTokens === undefined) return undefined;
		return {
			output: read.outputTokens,
			input: read.inputTokens,
			cacheRead: read.cacheReadTokens,
			estimated: false,
			...(read.reasoningTokens === undefined ? {} : {reasoning: read.reasoningTokens}),
		};
	}

	const output = usage === 'anthropic' ? fields['output_tokens'] : fields['completion_tokens'];
	if (typeof output !== 'number') return undefined;
	const input: Pick<EventMeaning, 'inputTokens' | 'cacheReadTokens' | 'cacheWriteTokens'> =
		usage === 'anthropic' ? anthropicInput(fields) : openAiInput(fields);
	const details = fields['completion_tokens_details'];
	const reasoning = typeof details === 'object' && details !== null ? (details as Record<string, unknown>)['reasoning_tokens'] : undefined;
	return {
		output,
		input: input.inputTokens,
		cacheRead: input.cacheReadTokens,
		cacheWrite: input.cacheWriteTokens,
		estimated: false,
		...(typeof reasoning === 'number' ? {reasoning} : {}),
	};
}
