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

/** One endpoint against the baseline; a metric is null unless both have values for it. */
export type ComparisonRow = {
	readonly name: string;
	readonly baseline: string;
	readonly latency: PercentilePair | null;
	readonly ttft: PercentilePair | null;
};
