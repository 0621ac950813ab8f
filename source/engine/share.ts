import type {LoadSettings} from '../plan/load-settings.js';
import type {LoadLevel} from './steering.js';

/** One measuring thread's part of a run spread over `of` threads (`--workers`): thread `index` of them. */
export type Share = {readonly index: number; readonly of: number};

/** Thread `index`'s part of `total` things: the first `total % of` threads take one more, so the parts sum to `total`. */
export const partOf = (total: number, {index, of}: Share): number => Math.floor(total / of) + (index < total % of ? 1 : 0);

/**
 * A thread numbers its requests `index`, `index + of`, `index + 2·of`…: together the threads send
 * requests 0 … n−1 once each, so prompts, drawn lengths and the request CSV's numbers are those of
 * one thread sending them all.
 */
export const numberingOf =
	({index, of}: Share) =>
	(local: number): number =>
		local * of + index;

/** A thread's part of the load: its share of the connections, the requests (and warm-up) and the rate. */
export function loadShare(load: LoadSettings, share: Share): LoadSettings {
	return {
		...load,
		concurrency: Math.max(1, partOf(load.concurrency, share)),
		...(load.requests === undefined ? {} : {requests: partOf(load.requests, share)}),
		...(load.warmup ? {warmup: partOf(load.warmup, share)} : {}),
		...(load.rate === undefined ? {} : {rate: load.rate / share.of}),
		// Poisson arrivals of independent threads add up to Poisson arrivals at the whole rate; a seed each keeps them independent.
		...(load.seed === undefined ? {} : {seed: load.seed + share.index}),
	};
}

/** A thread's part of a load level decided for the whole run (a key press in the console). */
export const levelShare = (level: LoadLevel, share: Share): LoadLevel => ({
	...level,
	concurrency: Math.max(1, partOf(level.concurrency, share)),
	...(level.rate === undefined ? {} : {rate: level.rate / share.of}),
});

/**
 * Constant arrivals: thread `index` starts its schedule `index/of` of its gap late, so the threads'
 * sends interleave evenly instead of leaving together. 0 for a single thread.
 */
export const staggerOf = (share: Share | undefined): number => (share ? share.index / share.of : 0);
