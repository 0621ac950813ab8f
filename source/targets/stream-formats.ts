import {safeErrorType} from '../engine/errors.js';
import {sanitize} from '../engine/sanitize.js';

/**
 * How each provider's stream marks content, usage, its end and errors (wire-formats.md §1, §2, §4, §5).
 * A reader returns what one parsed SSE event means; it never throws.
 */
export type StreamFormat = 'anthropic' | 'openai' | 'sourcegraph';

export type EventMeaning = {
	/** Non-empty text (or thinking) arrived: a content event for TTFT and inter-token gaps. */
	content?: boolean;
	outputTokens?: number;
	inputTokens?: number;
	terminal?: boolean;
	/** A provider error inside the stream: its type, e.g. `overloaded_error`, or '' when untyped. */
	error?: string;
	/** The error's message, when the event carries one. */
	errorMessage?: string;
	badJson?: boolean;
};

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null;
const asNumber = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);

function parse(data: string): Json | undefined {
	try {
		const value: unknown = JSON.parse(data);
		return isObject(value) ? value : undefined;
	} catch {
		return undefined;
	}
}

const messageOf = (error: Json): string | undefined => (typeof error['message'] === 'string' ? sanitize(error['message']) : undefined);

function anthropic(event: string | undefined, data: string): EventMeaning {
	if (event === 'ping') return {};
	const json = parse(data);
	if (!json) return {badJson: true};
	switch (json['type']) {
		case 'content_block_delta': {
			const delta = isObject(json['delta']) ? json['delta'] : {};
			const text = delta['type'] === 'thinking_delta' ? delta['thinking'] : delta['text'];
			return {content: typeof text === 'string' && text.length > 0};
		}

		case 'message_start': {
			const message = isObject(json['message']) ? json['message'] : {};
			const usage = isObject(message['usage']) ? message['usage'] : {};
			return {inputTokens: asNumber(usage['input_tokens'])};
		}

		case 'message_delta': {
			const usage = isObject(json['usage']) ? json['usage'] : {};
			return {outputTokens: asNumber(usage['output_tokens'])};
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

function openai(data: string): EventMeaning {
	if (data === '[DONE]') return {terminal: true};
	const json = parse(data);
	if (!json) return {badJson: true};
	if (json['error'] !== undefined) {
		const error = isObject(json['error']) ? json['error'] : {};
		// A numeric code (vLLM style) says less than the type.
		const code = typeof error['code'] === 'string' ? error['code'] : error['type'];
		return {error: typeof code === 'string' ? safeErrorType(code) : '', errorMessage: messageOf(error)};
	}

	const meaning: EventMeaning = {};
	const choices = Array.isArray(json['choices']) ? (json['choices'] as unknown[]) : [];
	const choice = isObject(choices[0]) ? choices[0] : undefined;
	if (choice) {
		const delta = isObject(choice['delta']) ? choice['delta'] : undefined;
		const text = delta ? delta['content'] : choice['text'];
		meaning.content = typeof text === 'string' && text.length > 0;
	}

	if (isObject(json['usage'])) {
		meaning.outputTokens = asNumber(json['usage']['completion_tokens']);
		meaning.inputTokens = asNumber(json['usage']['prompt_tokens']);
	}

	return meaning;
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
		if (typeof delta === 'string') return {content: delta.length > 0};
		const completion = typeof json['completion'] === 'string' ? json['completion'] : '';
		const grew = completion.length > seenLength;
		seenLength = Math.max(seenLength, completion.length);
		return {content: grew};
	};
}

export function eventReader(format: StreamFormat): (event: string | undefined, data: string) => EventMeaning {
	if (format === 'anthropic') return anthropic;
	if (format === 'openai') return (_event, data) => openai(data);
	return sourcegraph();
}
