import type {StreamFormat} from './stream-formats.js';
import type {Provider, TargetName} from '../plan/names.js';

export const fimPrompt = '#hello.ts<｜fim▁begin｜>const sayHello = () => <｜fim▁hole｜><｜fim▁end｜>';
/** The original joined the last two into one string by mistake; these are sent as two. */
export const fimStops = ['\n\n', '\n\r\n', '<｜fim▁begin｜>', '<｜fim▁hole｜>', '<｜fim▁end｜>', '<|eos_token|>'];

export type CompletionRequest = {
	readonly path: string;
	readonly body: Record<string, unknown>;
	/** How to read the reply when streamed. */
	readonly format: StreamFormat;
	/** How to read usage from a non-streamed reply. */
	readonly usage: 'anthropic' | 'openai' | 'responses' | 'none';
};

/** Where a body asks for its output length: Sourcegraph's `maxTokensToSample`, the Responses API's `max_output_tokens`, else `max_tokens`. */
export const maxTokensField = (request: Pick<CompletionRequest, 'format'>): string =>
	request.format === 'sourcegraph' ? 'maxTokensToSample' : request.format === 'responses' ? 'max_output_tokens' : 'max_tokens';

/** The four completion requests of the original suite (original-suite.md, pipeline 1). */
export function completionRequest(target: TargetName, provider: Provider, stream: boolean, maxTokens: number): CompletionRequest {
	if (target === 'gateway' && provider === 'anthropic') {
		return {
			path: '/v1/completions/anthropic-messages',
			format: 'anthropic',
			usage: 'anthropic',
			body: {
				model: 'claude-3-haiku-20240307',
				messages: [
					{role: 'user', content: 'def bubble_sort(arr):'},
					{role: 'assistant', content: 'Here is a bubble sort:'},
				],
				max_tokens: maxTokens,
				temperature: 0,
				stream,
			},
		};
	}

	if (target === 'gateway') {
		return {
			path: '/v1/completions/fireworks',
			format: 'openai',
			usage: 'openai',
			body: {model: 'starcoder', prompt: fimPrompt, max_tokens: maxTokens, stop: fimStops, temperature: 0.2, topK: 0, topP: 0, stream},
		};
	}

	if (provider === 'anthropic') {
		return {
			path: '/.api/completions/stream',
			format: 'sourcegraph',
			usage: 'none',
			body: {
				model: 'anthropic::2023-06-01::claude-3-haiku',
				messages: [
					{speaker: 'human', text: 'def bubble_sort(arr):'},
					{speaker: 'assistant', text: 'Here is a bubble sort:'},
				],
				maxTokensToSample: maxTokens,
				temperature: 0,
				stream,
			},
		};
	}

	return {
		path: '/.api/completions/code',
		format: 'sourcegraph',
		usage: 'none',
		body: {
			model: 'fireworks::v1::starcoder',
			messages: [{speaker: 'human', text: fimPrompt}],
			maxTokensToSample: maxTokens,
			stopSequences: fimStops,
			temperature: 0.2,
			topK: 0,
			topP: 0,
			stream,
		},
	};
}
