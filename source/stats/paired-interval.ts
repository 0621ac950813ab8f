/**
 * The bootstrap interval of one percentile of exact values, computed rather than drawn.
 *
 * Resampling n values with replacement and taking the k-th smallest gives a value at or below the
 * j-th smallest original exactly when at least k of the n draws land among those j: the chance of
 * that is P(Binomial(n, j/n) ≥ k). So the bootstrap distribution of the percentile is known in
 * closed form, and its 2.5th and 97.5th percentiles (or any other level) are found by bisection
 * over j: the interval a bootstrap with infinitely many resamples would give, the same every time.
 */

/** HDR's rule, as every percentile of gatebench: the smallest value with at least p % at or below it (1-based rank). */
export const rankOf = (percentile: number, size: number): number => Math.min(Math.max(Math.ceil((percentile / 100) * size), 1), size);

/** ln(i!) for i = 0…n, built once per size asked for. */
function logFactorials(n: number): Float64Array {
	const table = new Float64Array(n + 1);
	for (let i = 2; i <= n; i++) table[i] = (table[i - 1] ?? 0) + Math.log(i);
	return table;
}

/** P(Binomial(n, p) ≥ k), summed from k up until the terms no longer count. */
function atLeast(n: number, p: number, k: number, logFactorial: Float64Array): number {
	if (k <= 0 || p >= 1) return 1;
	if (k > n || p <= 0) return 0;
	const logP = Math.log(p);
	const logQ = Math.log1p(-p);
	const logN = logFactorial[n] ?? 0;
	const mode = Math.floor((n + 1) * p);
	let sum = 0;
	for (let i = k; i <= n; i++) {
		const term = Math.exp(logN - (logFactorial[i] ?? 0) - (logFactorial[n - i] ?? 0) + i * logP + (n - i) * logQ);
		sum += term;
		if (i > mode && term < sum * 1e-17) break;
	}

	return Math.min(1, sum);
}

export type ExactInterval = {readonly value: number; readonly low: number; readonly high: number};

/**
 * The percentile of `sorted` (ascending) and its two-sided bootstrap interval at `level` (0.95 for
 * 95 %). NaN for no values.
 */
export function percentileWithInterval(sorted: Float64Array, percentile: number, level: number): ExactInterval {
	const n = sorted.length;
	if (n === 0) return {value: Number.NaN, low: Number.NaN, high: Number.NaN};
	const k = rankOf(percentile, n);
	const logFactorial = logFactorials(n);
	const tail = (1 - level) / 2;
	// The smallest j whose chance reaches `target`: the resampled percentile is at or below sorted[j - 1] that often.
	const smallestReaching = (target: number): number => {
		let low = 1;
		let high = n;
		while (low < high) {
			const middle = (low + high) >> 1;
			if (atLeast(n, middle / n, k, logFactorial) >= target) high = middle;
			else low = middle + 1;
		}

		return low;
	};

	const at = (rank: number) => sorted[rank - 1] ?? Number.NaN;
	return {value: at(k), low: at(smallestReaching(tail)), high: at(smallestReaching(1 - tail))};
}
