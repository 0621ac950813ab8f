import type {FidelityFlag} from './fidelity-flags.js';
import type {PairedRow} from './paired.js';

/** One percentile of a candidate against the baseline (values in ms), as the bootstrap (stats/bootstrap.ts) computes it. */
export type PercentileDifference = {
	readonly baselineMs: number;
	readonly candidateMs: number;
	/** candidate − baseline, ms. */
	readonly differenceMs: number;
	/** Bootstrap 95% confidence interval of the difference, ms. */
	readonly low: number;
	readonly high: number;
	/** False when the interval spans zero: no clear difference. */
	readonly clear: boolean;
};

export type PercentilePair = {readonly p50: PercentileDifference; readonly p95: PercentileDifference};

/**
 * One endpoint against the baseline. `latency` and `ttft`: the difference of the two endpoints'
 * percentiles (unpaired; a metric is null unless both have values for it). `paired`, in an
 * interleaved run: the percentiles of the per-pair differences, the verdict where present.
 */
export type ComparisonRow = {
	readonly name: string;
	readonly baseline: string;
	readonly latency: PercentilePair | null;
	readonly ttft: PercentilePair | null;
	readonly paired?: PairedRow;
	/** What the client saw this path do to the replies (stats/fidelity-flags.ts). */
	readonly flags?: readonly FidelityFlag[];
	/** Set when a flag says the path did not deliver the same answer: no "faster" or "slower" is said, and why. */
	readonly withheld?: string;
};

/** A run's comparison, computed once: what the console, the printed summary, the JSON, `report` and the page all show. */
export type Comparison = {
	/** Request i of each endpoint went out in the same round as the baseline's: judged pair by pair. */
	readonly paired: boolean;
	/** The seed of the unpaired bootstrap (and of the pairs' reservoir): the same file gives the same intervals. */
	readonly seed: number;
	readonly rows: readonly ComparisonRow[];
};

/** The unpaired bootstrap's seed unless the run has one of its own (`--seed`). */
export const defaultComparisonSeed = 0x5eed;
