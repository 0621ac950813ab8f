import type {Histogram} from 'hdr-histogram-js';
import type {Sample} from '../engine/endpoint.js';
import {createHistogram, type Distribution, distributionOf, recordUs} from './histogram.js';

/** Turn 1 of `--turns` sessions, or a later one: what prefix caches change. */
export type TurnFigures = {
	readonly requests: number;
	readonly latency: Distribution | null;
	readonly ttft: Distribution | null;
	/** Input tokens the replies reported, and of them those read from a prompt cache. */
	readonly inputTokens: number;
	readonly cachedTokens: number;
	/** cachedTokens ÷ inputTokens, % (null: no reply reported its input). */
	readonly cacheHitRate: number | null;
};

export type TurnStats = {readonly first: TurnFigures; readonly later: TurnFigures};

class Turns {
	requests = 0;
	readonly latency: Histogram = createHistogram();
	readonly ttft: Histogram = createHistogram();
	latencyTotalUs = 0;
	ttftTotalUs = 0;
	inputTokens = 0;
	cachedTokens = 0;

	record(sample: Sample): void {
		this.requests++;
		recordUs(this.latency, sample.durationUs);
		this.latencyTotalUs += sample.durationUs;
		if (sample.ttftUs !== undefined) {
			recordUs(this.ttft, sample.ttftUs);
			this.ttftTotalUs += sample.ttftUs;
		}

		this.inputTokens += sample.tokens?.input ?? 0;
		this.cachedTokens += sample.tokens?.cacheRead ?? 0;
	}

	figures(): TurnFigures {
		return {
			requests: this.requests,
			latency: this.requests > 0 ? distributionOf(this.latency, this.latencyTotalUs) : null,
			ttft: this.ttft.totalCount > 0 ? distributionOf(this.ttft, this.ttftTotalUs) : null,
			inputTokens: this.inputTokens,
			cachedTokens: this.cachedTokens,
			cacheHitRate: this.inputTokens > 0 ? (this.cachedTokens / this.inputTokens) * 100 : null,
		};
	}
}

/** A multi-turn run's successful requests, first turns apart from later ones: a prefix cache shows as later turns' TTFT and cache hits. */
export class TurnTally {
	private readonly first = new Turns();
	private readonly later = new Turns();

	record(sample: Sample): void {
		if (sample.turn === undefined) return;
		(sample.turn === 1 ? this.first : this.later).record(sample);
	}

	stats(): TurnStats {
		return {first: this.first.figures(), later: this.later.figures()};
	}
}
