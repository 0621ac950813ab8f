/** OpenAI's o200k_base encoder, once loaded: loading takes ~0.5 s, so only for runs that may need it. */
let encode: ((text: string) => readonly number[]) | undefined;

/** Loads the tokenizer (gpt-tokenizer's o200k_base) in this thread, for `countTokens`. */
export async function loadTokenCounter(): Promise<void> {
	encode ??= (await import('gpt-tokenizer/encoding/o200k_base')).encode;
}

/** Tokens of `text` by o200k_base; undefined until `loadTokenCounter` has run in this thread. */
export const countTokens = (text: string): number | undefined => encode?.(text).length;
