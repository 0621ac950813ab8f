import type {Sample} from '../engine/endpoint.js';

/** What one streamed reply says about the flow of its tokens, all in µs except `tokensPerSecond`. */
export type StreamShape = {
	/** (last content − first content) / (output tokens − 1); undefined with fewer than 2 tokens. */
	readonly tpotUs?: number;
	/** The longest gap between two content events. */
	readonly longestStallUs?: number;
	/** From the last content event to the end of the stream. */
	readonly tailUs: number;
	/** Output tokens over the request's whole duration. */
	readonly tokensPerSecond?: number;
};

export function streamShape(sample: Sample): StreamShape | undefined {
	if (sample.ttftUs === undefined) return undefined;
	const gaps = sample.interTokenGapsUs ?? [];
	let span = 0;
	let longest = 0;
	for (const gap of gaps) {
		span += gap;
		if (gap > longest) longest = gap;
	}

	const tokens = sample.tokens?.output;
	return {
		tpotUs: tokens !== undefined && tokens > 1 ? span / (tokens - 1) : undefined,
		longestStallUs: gaps.length > 0 ? longest : undefined,
		tailUs: Math.max(0, sample.durationUs - sample.ttftUs - span),
		tokensPerSecond: tokens !== undefined && sample.durationUs > 0 ? tokens / (sample.durationUs / 1e6) : undefined,
	};
}
