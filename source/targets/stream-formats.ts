import {safeErrorType} from '../engine/errors.js';
import {errorTypeOf} from './provider-error.js';
import {sanitize} from '../engine/sanitize.js';

/**
 * How each provider's stream marks content, usage, its end and errors (wire-formats.md §1, §2, §4, §5).
 * A reader returns what one parsed SSE event means; it never throws.
 */
export type StreamFormat = 'anthropic' | 'openai' | 'responses' | 'sourcegraph';

/**
 * Generated content of any kind marks the first token and the token gaps: the visible answer,
 * reasoning (thinking) and tool-call arguments alike. Only `answer` marks the first answer token.
 * `tool-start` is the start of a tool call (OpenAI's delta naming the function, Anthropic's
 * `content_block_start` of a `tool_use` block): generated output, timed as such, but no token event
 * of its own, so that the providers' tool calls are timed alike and counted as their usage says.
 */
export type ContentKind = 'answer' | 'reasoning' | 'tool' | 'tool-start';

export type EventMeaning = {
	/** Non-empty generated content arrived: a content event for TTFT and inter-token gaps. */
	content?: ContentKind;
	outputTokens?: number;
	/** Of the output tokens, those spent reasoning, when the server says (`completion_tokens_details.reasoning_tokens`). */
	reasoningTokens?: number;
	/** Every input token, those read from or written to a prompt cache included. */
	inputTokens?: number;
	/** Input tokens read from the prompt cache (Anthropic `cache_read_input_tokens`, OpenAI `prompt_tokens_details.cached_tokens`). */
	cacheReadTokens?: number;
	/** Input tokens written to the prompt cache (Anthropic `cache_creation_input_tokens`). */
	cacheWriteTokens?: number;
	terminal?: boolean;
	/** A provider error inside the stream: its type, e.g. `overloaded_error`, or '' when untyped. */
	error?: string;
	/** The error's message, when the event carries one. */
	errorMessage?: string;
	badJson?: boolean;
	/** The model the reply names (OpenAI's `model` of a chunk, Anthropic's `message_start`), as sent. */
	model?: string;
	/** The answer's text this event carried (read in full only: a conversation's next turn repeats it). */
	text?: string;
};

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null;
const asNumber = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);
const nonEmpty = (value: unknown): boolean => typeof value === 'string' && value.length > 0;
/** `kind` when `value` is non-empty text, else nothing. */
const contentIf = (value: unknown, kind: ContentKind): ContentKind | undefined => (nonEmpty(value) ? kind : undefined);

function parse(data: string): Json | undefined {
	try {
		const value: unknown = JSON.parse(data);
		return isObject(value) ? value : undefined;
	} catch {
		return undefined;
	}
}

/** The model a reply or chunk names, when it names one. */
export const modelOf = (json: Json): Pick<EventMeaning, 'model'> => (typeof json['model'] === 'string' ? {model: json['model']} : {});

const messageOf = (error: Json): string | undefined => (typeof error['message'] === 'string' ? sanitize(error['message']) : undefined);

/**
 * Anthropic's input counts: `input_tokens` are only the tokens after the last cache breakpoint, so
 * the input is those plus the tokens read from and written to the cache.
 */
export function anthropicInput(usage: Json): Pick<EventMeaning, 'inputTokens' | 'cacheReadTokens' | 'cacheWriteTokens'> {
	const fresh = asNumber(usage['input_tokens']);
	if (fresh === undefined) return {};
	const cacheReadTokens = asNumber(usage['cache_read_input_tokens']);
	const cacheWriteTokens = asNumber(usage['cache_creation_input_tokens']);
	return {inputTokens: fresh + (cacheReadTokens ?? 0) + (cacheWriteTokens ?? 0), cacheReadTokens, cacheWriteTokens};
}

/** OpenAI-style input counts: `prompt_tokens` include the cached ones, which `prompt_tokens_details` names. */
export function openAiInput(usage: Json): Pick<EventMeaning, 'inputTokens' | 'cacheReadTokens'> {
	const details = isObject(usage['prompt_tokens_details']) ? usage['prompt_tokens_details'] : {};
	return {inputTokens: asNumber(usage['prompt_tokens']), cacheReadTokens: asNumber(details['cached_tokens'])};
}

function anthropic(event: string | undefined, data: string): EventMeaning {
	if (event === 'ping') return {};
	const json = parse(data);
	if (!json) return {badJson: true};
	switch (json['type']) {
		case 'content_block_delta': {
			// A signature_delta closes a thinking block: it carries no generated tokens.
			const delta = isObject(json['delta']) ? json['delta'] : {};
			if (delta['type'] === 'thinking_delta') return {content: contentIf(delta['thinking'], 'reasoning')};
			if (delta['type'] === 'input_json_delta') return {content: contentIf(delta['partial_json'], 'tool')};
			if (delta['type'] !== 'text_delta') return {};
			return {content: contentIf(delta['text'], 'answer'), ...(typeof delta['text'] === 'string' ? {text: delta['text']} : {})};
		}

		case 'content_block_start': {
			const block = isObject(json['content_block']) ? json['content_block'] : {};
			return block['type'] === 'tool_use' ? {content: 'tool-start'} : {};
		}

		case 'message_start': {
			const message = isObject(json['message']) ? json['message'] : {};
			return {...anthropicInput(isObject(message['usage']) ? message['usage'] : {}), ...modelOf(message)};
		}

		// Newer replies repeat the input counts here, cumulative: the later figures win.
		case 'message_delta': {
			const usage = isObject(json['usage']) ? json['usage'] : {};
			return {outputTokens: asNumber(usage['output_tokens']), ...anthropicInput(usage)};
		}

		case 'message_stop':
			return {terminal: true};
		case 'error': {
			const error = isObject(json['error']) ? json['error'] : {};
			return {error: typeof error['type'] === 'string' ? safeErrorType(error['type']) : '', errorMessage: messageOf(error)};
		}

		default:
			return {};
	}
}

/*
 * The common OpenAI-style chunk — one choice whose delta carries non-empty `content`, every other
 * member a plain value (`"logprobs":null`, `"finish_reason":null`, an id, a number) — means only
 * "an answer token": recognised by one anchored expression that accepts nothing but valid JSON of
 * that shape, instead of a JSON.parse per event (the biggest single cost of a thousand streams).
 * No `content` key but the one (a repeated key would be read last by JSON.parse), no escapes in
 * keys, and nothing named `error` anywhere: any other event takes the full parse.
 * test/targets/stream-fast-path.test.ts holds it to the full parse on every fixture and on
 * thousands of generated variants.
 */
const stringBody = '(?:[^"\\\\\\x00-\\x1f]|\\\\(?:["\\\\/bfnrt]|u[0-9a-fA-F]{4}))';
const jsonScalar = `(?:"${stringBody}*"|-?(?:0|[1-9]\\d*)(?:\\.\\d+)?(?:[eE][+-]?\\d+)?|true|false|null)`;
const member = `"(?!content")[^"\\\\\\x00-\\x1f]*":${jsonScalar}`;
const before = `(?:${member},)*`;
const after = `(?:,${member})*`;
const textDelta = new RegExp(`^\\{${before}"choices":\\[\\{${before}"delta":\\{${before}"content":"${stringBody}+"${after}\\}${after}\\}\\]${after}\\}$`);

/** An answer token when `data` is the common text-delta chunk; undefined when it needs the full parse. */
export function openAiTextDelta(data: string): EventMeaning | undefined {
	return !data.includes('"error"') && textDelta.test(data) ? {content: 'answer'} : undefined;
}

/**
 * An OpenAI-style stream: every event in full until one names the model, then the shortcut for the
 * common text delta, which says all the full parse says but the model (the reading keeps the first
 * one named). Most token events never get here: the stream reader recognises them from their bytes
 * (event-template.ts); this catches those whose other members change from event to event.
 */
function openai(shortcut: boolean): (event: string | undefined, data: string) => EventMeaning {
	let named = false;
	return (_event, data) => {
		if (data === '[DONE]') return {terminal: true};
		const fast = shortcut && named ? openAiTextDelta(data) : undefined;
		if (fast) return fast;
		const meaning = openaiParsed(data);
		if (meaning.model !== undefined) named = true;
		return meaning;
	};
}

/** What an OpenAI-style event means, read by JSON.parse. */
export function openaiParsed(data: string): EventMeaning {
	const json = parse(data);
	if (!json) return {badJson: true};
	// `{"error": {…}}` mid-stream (OpenAI, vLLM, LiteLLM), or old vLLM's and FastChat's top-level `{"object": "error"}`.
	if (json['error'] !== undefined || json['object'] === 'error') {
		const error = isObject(json['error']) ? json['error'] : json['object'] === 'error' ? json : {};
		return {error: errorTypeOf(error) ?? '', errorMessage: messageOf(error) ?? (typeof json['error'] === 'string' ? sanitize(json['error']) : undefined)};
	}

	const meaning: EventMeaning = modelOf(json);
	const choices = Array.isArray(json['choices']) ? (json['choices'] as unknown[]) : [];
	const choice = isObject(choices[0]) ? choices[0] : undefined;
	if (choice) {
		meaning.content = isObject(choice['delta']) ? chatContent(choice['delta']) : contentIf(choice['text'], 'answer');
		const text = isObject(choice['delta']) ? choice['delta']['content'] : choice['text'];
		if (meaning.content === 'answer' && typeof text === 'string') meaning.text = text;
	}
	if (isObject(json['usage'])) {
		const usage = json['usage'];
		meaning.outputTokens = asNumber(usage['completion_tokens']);
		Object.assign(meaning, openAiInput(usage));
		const details = isObject(usage['completion_tokens_details']) ? usage['completion_tokens_details'] : {};
		meaning.reasoningTokens = asNumber(details['reasoning_tokens']);
	}

	return meaning;
}

/**
 * What a chat delta generated: the answer (`content`), reasoning (`reasoning_content` from vLLM's and
 * SGLang's reasoning parsers and DeepSeek, `reasoning` from vLLM ≥ 0.11, OpenRouter and Ollama), or
 * tool-call arguments (`tool_calls[].function.arguments`). A role-only or empty delta generated nothing.
 */
function chatContent(delta: Json): ContentKind | undefined {
	if (nonEmpty(delta['content'])) return 'answer';
	if (nonEmpty(delta['reasoning_content']) || nonEmpty(delta['reasoning'])) return 'reasoning';
	const calls = Array.isArray(delta['tool_calls']) ? (delta['tool_calls'] as unknown[]) : [];
	const functions = calls.map((call) => (isObject(call) && isObject(call['function']) ? call['function'] : {}));
	if (functions.some((named) => nonEmpty(named['arguments']))) return 'tool';
	return functions.some((named) => nonEmpty(named['name'])) ? 'tool-start' : undefined;
}

/**
 * The Responses API's usage (`response.completed` and `response.incomplete` carry it, and a
 * whole reply): `input_tokens` include the cached ones, which `input_tokens_details` names.
 */
export function responsesUsage(usage: Json): Pick<EventMeaning, 'outputTokens' | 'inputTokens' | 'cacheReadTokens' | 'reasoningTokens'> {
	const input = isObject(usage['input_tokens_details']) ? usage['input_tokens_details'] : {};
	const output = isObject(usage['output_tokens_details']) ? usage['output_tokens_details'] : {};
	return {
		outputTokens: asNumber(usage['output_tokens']),
		inputTokens: asNumber(usage['input_tokens']),
		cacheReadTokens: asNumber(input['cached_tokens']),
		reasoningTokens: asNumber(output['reasoning_tokens']),
	};
}

/**
 * The Responses API's semantic events (OpenAI's streaming reference; vLLM, LiteLLM and OpenRouter
 * send the same), told by the JSON's `type` (the `event:` line repeats it, and some servers leave
 * it out). Answer text, refusals, reasoning (summary and text) and function-call arguments are
 * generated content, as for chat; a function call's output item opening is a tool call's start.
 * `response.completed` and `response.incomplete` end the stream with the usage (there is no
 * `[DONE]`); `response.failed` and `error` are the stream's errors.
 */
function responses(_event: string | undefined, data: string): EventMeaning {
	const json = parse(data);
	if (!json) return {badJson: true};
	const type = json['type'];
	switch (type) {
		case 'response.output_text.delta':
		case 'response.refusal.delta':
			return {content: contentIf(json['delta'], 'answer'), ...(typeof json['delta'] === 'string' ? {text: json['delta']} : {})};
		case 'response.reasoning_summary_text.delta':
		case 'response.reasoning_text.delta':
			return {content: contentIf(json['delta'], 'reasoning')};
		case 'response.function_call_arguments.delta':
			return {content: contentIf(json['delta'], 'tool')};
		case 'response.output_item.added': {
			const item = isObject(json['item']) ? json['item'] : {};
			return item['type'] === 'function_call' ? {content: 'tool-start'} : {};
		}

		case 'response.created':
		case 'response.in_progress': {
			const response = isObject(json['response']) ? json['response'] : {};
			return modelOf(response);
		}

		case 'response.completed':
		case 'response.incomplete': {
			const response = isObject(json['response']) ? json['response'] : {};
			return {terminal: true, ...modelOf(response), ...(isObject(response['usage']) ? responsesUsage(response['usage']) : {})};
		}

		case 'response.failed': {
			const response = isObject(json['response']) ? json['response'] : {};
			const error = isObject(response['error']) ? response['error'] : {};
			return {terminal: true, error: typeof error['code'] === 'string' ? safeErrorType(error['code']) : '', errorMessage: messageOf(error)};
		}

		case 'error':
			return {error: typeof json['code'] === 'string' ? safeErrorType(json['code']) : '', errorMessage: messageOf(json)};
		default:
			return {};
	}
}

/** Sourcegraph streams are stateful: legacy events carry the whole text so far. */
function sourcegraph(): (event: string | undefined, data: string) => EventMeaning {
	let seenLength = 0;
	return (event, data) => {
		if (event === 'done') return {terminal: true};
		// Sourcegraph error events carry a message, not a type.
		if (event === 'error') {
			const json = parse(data);
			return {error: '', errorMessage: typeof json?.['error'] === 'string' ? sanitize(json['error']) : undefined};
		}

		if (event !== 'completion') return {};
		const json = parse(data);
		if (!json) return {badJson: true};
		const delta = json['deltaText'];
		if (typeof delta === 'string') return {content: contentIf(delta, 'answer')};
		const completion = typeof json['completion'] === 'string' ? json['completion'] : '';
		const grew = completion.length > seenLength;
		seenLength = Math.max(seenLength, completion.length);
		return {content: grew ? 'answer' : undefined};
	};
}

/** The reader of one stream; `shortcut`: false reads every event in full (the tests hold the shortcuts to that). */
export function eventReader(format: StreamFormat, shortcut = true): (event: string | undefined, data: string) => EventMeaning {
	if (format === 'anthropic') return anthropic;
	if (format === 'responses') return responses;
	if (format === 'openai') return openai(shortcut);
	return sourcegraph();
}
