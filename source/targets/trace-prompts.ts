import {streamFor} from '../engine/random.js';
import type {Prompt, PromptSet} from '../plan/prompts.js';
import {type Trace, traceBlockTokens} from '../plan/trace.js';
import {randomWords} from './prompt-words.js';

/** `count` words of the stream `(seed, index)`: each word one token (prompt-words.ts). */
function words(seed: number, index: number, count: number): string[] {
	const random = streamFor(seed, index, 0x7a_c3_11_5d);
	return randomWords(random, count);
}

/**
 * A trace's prompts, one per row in order: the row's hash blocks (512 tokens each, the same words for
 * the same id, so a prefix cache sees what the recorded requests shared), then words of its own up to
 * its input length, cut there; and its output length asked for.
 */
export function tracePrompts(trace: Trace, seed = 0): PromptSet {
	const blocks = new Map<number, string[]>();
	const block = (id: number) => {
		let made = blocks.get(id);
		if (!made) {
			made = words(seed, id, traceBlockTokens);
			blocks.set(id, made);
		}

		return made;
	};

	const prompts: Prompt[] = trace.rows.map((row, index) => {
		const shared = (row.hashIds ?? []).flatMap(block).slice(0, row.inputTokens);
		// Its own words come from streams apart from every block's.
		const own = words(seed ^ 0x5f_3a_9e_21, index, row.inputTokens - shared.length);
		const text = [...shared, ...own].join(' ');
		return {id: `trace-${index + 1}`, messages: [{role: 'user', content: text}], text, maxTokens: row.outputTokens, tokens: row.inputTokens};
	});
	return {file: trace.file, format: 'trace', prompts};
}
