import type {Sample} from '../engine/endpoint.js';
import {mulberry32} from '../engine/random.js';
import {percentileWithInterval} from './paired-interval.js';

/** What pairs compare: latency, time to first byte, first token, first answer token, and the stream's mean gap between tokens. */
export const sampleMetrics = ['latency', 'ttfb', 'ttft', 'ttfa', 'itl'] as const;

/**
 * What pairs compare from the upstream's record (a witnessed run), each net of the upstream's own
 * pace: from the client's send to the upstream's receipt (`forward`), and from the upstream's write
 * of the first (`firstToken`) and the last (`lastToken`) token to its arrival at the client. What
 * a gateway adds to each, without the upstream's variation from one request to the next.
 */
export const witnessMetrics = ['forward', 'firstToken', 'lastToken'] as const;

export const pairMetrics = [...sampleMetrics, ...witnessMetrics] as const;
export type PairMetric = (typeof pairMetrics)[number];

/** The percentiles of the per-pair differences reported for each metric. */
export const pairPercentiles = [50, 90, 99] as const;

/**
 * Differences kept per endpoint and metric. Beyond this a uniform reservoir (Vitter's algorithm R,
 * seeded) keeps a random 20,000: the percentiles are then estimates (the p50's rank within about
 * ±0.7 percentage points, 95 % of the time) and the intervals are computed on the 20,000, so they
 * widen as they must. The counts of pairs slower and faster stay exact.
 */
export const maxPairsKept = 20_000;

/** Family-wise error of one endpoint's judged figures: the chance that any of them claims a difference that is not there. */
export const familyError = 0.05;

/**
 * Pairs each side of a percentile needs before it is judged: a p99 of 40 differences is the largest
 * of them, one stalled request, and no resampling can say how far it would move (the bootstrap of
 * an extreme is known to fail). So the p90 is judged from 100 pairs, the p99 from 1,000.
 */
export const pairsBeyondJudged = 10;

/** The stream's mean gap between tokens, µs; undefined with fewer than two tokens. */
const meanGapUs = (gaps: readonly number[] | undefined): number | undefined => {
	if (!gaps || gaps.length === 0) return undefined;
	let total = 0;
	for (const gap of gaps) total += gap;
	return total / gaps.length;
};

export type PairValues = Partial<Record<PairMetric, number>>;

/** The exact figures of one successful request that a pair compares, µs; null for a failure (no pair). */
function valuesOf(sample: Sample): PairValues | null {
	if (sample.outcome !== 'ok') return null;
	return {latency: sample.durationUs, ttfb: sample.ttfbUs, ttft: sample.ttftUs, ttfa: sample.ttfaUs, itl: meanGapUs(sample.interTokenGapsUs)};
}

class Reservoir {
	readonly values: number[] = [];
	seen = 0;
	slower = 0;
	faster = 0;
	private readonly random: () => number;

	constructor(random: () => number) {
		this.random = random;
	}

	add(difference: number): void {
		this.seen++;
		if (difference > 0) this.slower++;
		else if (difference < 0) this.faster++;
		if (this.values.length < maxPairsKept) {
			this.values.push(difference);
			return;
		}

		const slot = Math.floor(this.random() * this.seen);
		if (slot < maxPairsKept) this.values[slot] = difference;
	}
}

/** One percentile of the per-pair differences (candidate − baseline), ms, with its interval. */
export type PairedFigure = {
	readonly percentile: number;
	readonly differenceMs: number;
	readonly low: number;
	readonly high: number;
	/** The interval leaves out zero (the p50), or that of the mirrored other tail (the p90 against −p10, the p99 against −p1). */
	readonly clear: boolean;
};

export type PairedMetric = {
	/** Rounds in which both answered. */
	readonly pairs: number;
	/** Pairs in which the endpoint took longer than the baseline, and shorter. */
	readonly slower: number;
	readonly faster: number;
	/** The differences the figures were computed from (all pairs, or the reservoir's sample of them). */
	readonly kept: number;
	readonly figures: readonly PairedFigure[];
};

/** One endpoint against the baseline, pair by pair. */
export type PairedRow = {
	readonly name: string;
	readonly baseline: string;
	/** Each figure's interval level: 95 % for the family of figures judged, split evenly among them (Bonferroni). */
	readonly level: number;
	readonly metrics: Partial<Record<PairMetric, PairedMetric>>;
};

/**
 * Pairs request i of each endpoint with request i of the first (the baseline) in an interleaved
 * run, where request i goes to every endpoint in the same round, and keeps the differences of
 * their exact timings. Rounds wait here until every endpoint has answered (a bounded few: rounds
 * finish in order of their requests, give or take the ones in flight).
 */
export class PairCollector {
	private readonly names: readonly string[];
	private readonly waiting = new Map<number, Array<PairValues | null | undefined>>();
	private readonly reservoirs: Array<Map<PairMetric, Reservoir>>;
	readonly seed: number;
	private readonly random: () => number;

	constructor(names: readonly string[], seed: number) {
		this.names = names;
		this.seed = seed;
		this.random = mulberry32(seed);
		this.reservoirs = names.map(() => new Map());
	}

	add(sample: Sample): void {
		this.addValues(sample.seq, sample.endpoint, valuesOf(sample));
	}

	/** Request `seq` of `endpoint`: the figures it is compared on (µs), or null when it has none (it failed). */
	addValues(seq: number, endpoint: number, values: PairValues | null): void {
		const count = this.names.length;
		let round = this.waiting.get(seq);
		if (!round) {
			round = Array.from({length: count}, () => undefined);
			this.waiting.set(seq, round);
			// A round some endpoint never answers (a run stopped mid-round) must not be kept for ever.
			if (this.waiting.size > maxPairsKept) this.waiting.delete(this.waiting.keys().next().value ?? seq);
		}

		round[endpoint] = values;
		if (round.includes(undefined)) return;
		this.waiting.delete(seq);
		const [baseline] = round;
		if (!baseline) return;
		for (let endpoint = 1; endpoint < count; endpoint++) {
			const candidate = round[endpoint];
			if (!candidate) continue;
			for (const metric of pairMetrics) {
				const base = baseline[metric];
				const value = candidate[metric];
				if (base === undefined || value === undefined) continue;
				const reservoirs = this.reservoirs[endpoint];
				let reservoir = reservoirs?.get(metric);
				if (!reservoir) {
					reservoir = new Reservoir(this.random);
					reservoirs?.set(metric, reservoir);
				}

				reservoir.add(value - base);
			}
		}
	}

	/** Pairs complete so far, per endpoint after the first (latency pairs: every pair has a latency). */
	pairCount(endpoint: number): number {
		return this.reservoirs[endpoint]?.get('latency')?.seen ?? 0;
	}

	/** The metrics with pairs, per endpoint after the first. */
	judgedMetrics(metrics: readonly PairMetric[] = pairMetrics): PairMetric[][] {
		return this.names.slice(1).map((_, offset) => metrics.filter((metric) => (this.reservoirs[offset + 1]?.get(metric)?.seen ?? 0) > 0));
	}

	/**
	 * Every endpoint after the first against the first; `metrics` limits what is judged (the live
	 * verdict judges two); `alsoJudged` counts, per endpoint, figures judged elsewhere in the same
	 * family (the upstream's record's), so the family's error stays 5 %.
	 */
	rows(metrics: readonly PairMetric[] = pairMetrics, alsoJudged: readonly number[] = []): PairedRow[] {
		const [baseline = ''] = this.names;
		const judgedOf = this.judgedMetrics(metrics);
		return this.names.slice(1).map((name, offset) => {
			const reservoirs = this.reservoirs[offset + 1];
			const judged = judgedOf[offset] ?? [];
			const level = 1 - familyError / Math.max(1, (judged.length + (alsoJudged[offset] ?? 0)) * pairPercentiles.length);
			const entries = judged.map((metric) => [metric, pairedMetric(reservoirs?.get(metric) ?? new Reservoir(Math.random), level)] as const);
			return {name, baseline, level, metrics: Object.fromEntries(entries)};
		});
	}
}

/**
 * Each percentile of the differences with its interval. Where two paths do not differ, the
 * differences are symmetric around zero: the p50 is then 0, and the p90 (p99) is as far above
 * zero as the p10 (p1) is below it, however wide the replies spread. So a figure is clear when its
 * interval and that of its mirror (minus the p10 for the p90, minus the p1 for the p99, the p50
 * itself for the p50: then simply when it leaves out zero) do not overlap: a slow tail that only
 * one path has (a retry, a stall) shows there. A tail with too few pairs beyond it is shown, not judged.
 */
function pairedMetric(reservoir: Reservoir, level: number): PairedMetric {
	const sorted = Float64Array.from(reservoir.values).sort();
	const figures = pairPercentiles.map((percentile): PairedFigure => {
		const {value, low, high} = percentileWithInterval(sorted, percentile, level);
		const other = percentile === 50 ? {low, high} : percentileWithInterval(sorted, 100 - percentile, level);
		const mirror = {low: -other.high, high: -other.low};
		const judged = sorted.length * Math.min(percentile, 100 - percentile) >= pairsBeyondJudged * 100;
		return {percentile, differenceMs: value / 1000, low: low / 1000, high: high / 1000, clear: judged && (low > mirror.high || high < mirror.low)};
	});
	return {pairs: reservoir.seen, slower: reservoir.slower, faster: reservoir.faster, kept: sorted.length, figures};
}
