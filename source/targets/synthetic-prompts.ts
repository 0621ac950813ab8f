import {streamFor} from '../engine/random.js';
import type {Prompt, PromptSet, TokenLength} from '../plan/prompts.js';
import {drawLength} from './prompt-bodies.js';
import {prefixTokens, randomWords} from './prompt-words.js';
import {countTokens, loadTokenCounter} from './token-counter.js';

/** Distinct prompts made for `--input-tokens`; requests take them in order, round and round. */
const syntheticCount = 256;

/**
 * `--input-tokens MEAN[:SD]`: prompts of that many o200k_base tokens (OpenAI's tokenizer, counted
 * with gpt-tokenizer), each a run of common words drawn with the seed. With the unique prefix on,
 * its 9 tokens come out of each prompt's length, so the server still counts the length asked for.
 */
export async function syntheticPrompts(input: TokenLength, {seed = 0, uniquePrefix = false}: {seed?: number; uniquePrefix?: boolean}): Promise<PromptSet> {
	await loadTokenCounter();
	const countOf = (words: readonly string[]) => countTokens(words.join(' ')) ?? 0;
	const prompts: Prompt[] = [];
	for (let index = 0; index < syntheticCount; index++) {
		const tokens = Math.max(1, drawLength(input, index, seed) - (uniquePrefix ? prefixTokens : 0));
		const random = streamFor(seed, index, 0x16_56_67_b1);
		const words = randomWords(random, tokens);
		// Each word is one token (prompt-words.ts); the count is checked once, and mended should a pair ever merge.
		let count = countOf(words);
		for (; count < tokens; count = countOf(words)) words.push('time');
		for (; words.length > 1 && count > tokens; count = countOf(words)) words.pop();
		const text = words.join(' ');
		prompts.push({id: `synthetic-${index + 1}`, messages: [{role: 'user', content: text}], text, tokens: count});
	}

	return {file: `synthetic ${input.mean}${input.sd > 0 ? `:${input.sd}` : ''} tokens`, format: 'synthetic', prompts};
}
