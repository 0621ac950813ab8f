import {encode as cl100k} from 'gpt-tokenizer/encoding/cl100k_base';
import {encode as o200k} from 'gpt-tokenizer/encoding/o200k_base';
import {describe, expect, it} from 'vitest';
import {drawLength, uniquePrefixText} from '../../source/targets/prompt-bodies.js';
import {prefixTokens, promptWords} from '../../source/targets/prompt-words.js';
import {syntheticPrompts} from '../../source/targets/synthetic-prompts.js';

describe('synthetic prompts', () => {
	it('are built of words each one token in o200k_base and cl100k_base, alone and after a space', () => {
		expect(promptWords.length).toBeGreaterThanOrEqual(200);
		for (const encode of [o200k, cl100k]) for (const word of promptWords) expect([word, encode(word).length, encode(` ${word}`).length]).toEqual([word, 1, 1]);
	});

	it('a unique prefix is 9 tokens before any prompt', () => {
		for (let index = 0; index < 50; index++) {
			const text = 'Sort a list.';
			expect(o200k(uniquePrefixText() + text).length - o200k(text).length).toBe(prefixTokens);
		}
	});

	it('have the length asked for, less the prefix when there is one; the same with the same seed', async () => {
		const plain = await syntheticPrompts({mean: 128, sd: 0}, {seed: 5});
		expect(plain.prompts).toHaveLength(256);
		for (const prompt of plain.prompts.slice(0, 20)) expect(o200k(prompt.text).length).toBe(128);
		const prefixed = await syntheticPrompts({mean: 128, sd: 0}, {seed: 5, uniquePrefix: true});
		expect(o200k(prefixed.prompts[0]?.text ?? '').length).toBe(128 - prefixTokens);
		expect((await syntheticPrompts({mean: 128, sd: 0}, {seed: 5})).prompts).toEqual(plain.prompts);
		expect((await syntheticPrompts({mean: 128, sd: 0}, {seed: 6})).prompts[0]).not.toEqual(plain.prompts[0]);
	});

	it('draws lengths around the mean with the deviation asked for', () => {
		const draws = Array.from({length: 2000}, (_, seq) => drawLength({mean: 500, sd: 50}, seq, 1));
		const mean = draws.reduce((sum, value) => sum + value, 0) / draws.length;
		const sd = Math.sqrt(draws.reduce((sum, value) => sum + (value - mean) ** 2, 0) / draws.length);
		expect(mean).toBeGreaterThan(495);
		expect(mean).toBeLessThan(505);
		expect(sd).toBeGreaterThan(45);
		expect(sd).toBeLessThan(55);
		expect(drawLength({mean: 500, sd: 50}, 7, 1)).toBe(draws[7]);
		expect(drawLength({mean: 3, sd: 50}, 7, 1)).toBeGreaterThanOrEqual(1);
	});
});
