import {createHash} from 'node:crypto';

/** Conversations remembered at most: the oldest is forgotten first (a server's cache evicts too). */
const capacity = 20_000;

/**
 * A prefix cache as vLLM's and SGLang's work at the level the API shows: a request whose opening
 * messages were all sent before (a conversation's earlier turn, its answer included once the next
 * turn repeats it) reads their tokens from the cache. Each request's every message prefix is kept by
 * hash, with the tokens up to it; a later request's longest kept prefix is what it reads.
 */
export class PrefixCache {
	private readonly seen = new Map<string, number>();

	/** Tokens of `messages`' longest prefix seen before (0: none), and remembers every prefix of it. */
	cachedTokens(messages: readonly unknown[], tokensOf: (message: unknown) => number): number {
		const hash = createHash('sha256');
		let tokens = 0;
		let cached = 0;
		for (const [index, message] of messages.entries()) {
			hash.update(JSON.stringify(message) ?? '');
			tokens += tokensOf(message);
			const key = hash.copy().digest('base64');
			// The last message is the new one: never cached, but kept for the turn that repeats it.
			if (index < messages.length - 1 && this.seen.has(key)) cached = tokens;
			this.remember(key, tokens);
		}

		return cached;
	}

	private remember(key: string, tokens: number): void {
		this.seen.delete(key);
		this.seen.set(key, tokens);
		if (this.seen.size > capacity) this.seen.delete(this.seen.keys().next().value!);
	}
}
