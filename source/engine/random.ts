/**
 * mulberry32: a tiny, fast 32-bit seeded PRNG, uniform on [0, 1). Plenty for resampling, not for
 * anything secret; used so that bootstrap intervals are reproducible.
 */
export function mulberry32(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d_2b_79_f5) >>> 0;
		let mixed = state;
		mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
		mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
		return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296;
	};
}

/**
 * A stream of its own for item `index` of something drawn with `seed` (a request number, a prompt):
 * the same for the same seed and index, whatever was drawn before; `salt` (odd) keeps uses apart.
 */
export const streamFor = (seed: number, index: number, salt: number): (() => number) => mulberry32((seed ^ Math.imul(index + 1, salt)) >>> 0);
