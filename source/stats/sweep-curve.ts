/** One load of a capacity search, as the curve of throughput and latency against load sees it. */
export type CurvePoint = {
	readonly load: number;
	readonly requestsPerSecond: number;
	/** The median latency (from the scheduled send in rate mode), ms. */
	readonly latencyMs: number;
};

/** More load that buys less than this much more throughput … */
const flatGain = 1.1;
/** … while the median latency grows by more than this, only queues. */
const latencyGrowth = 1.2;
/** The knee: the least load reaching this share of the most throughput seen. */
const kneeShare = 0.9;

/**
 * Saturated: the load went up, yet throughput rose by under 10 % while the median latency rose
 * by over 20 % (GuideLLM's and AIPerf's reading of a server that only queues what it is given more).
 */
export const saturated = (before: CurvePoint, after: CurvePoint): boolean =>
	after.load > before.load && after.requestsPerSecond < before.requestsPerSecond * flatGain && after.latencyMs > before.latencyMs * latencyGrowth;

/** Where throughput stops rising with load: the least load within 10 % of the most throughput any load reached. */
export function kneeOf(points: readonly CurvePoint[]): number | null {
	const best = Math.max(0, ...points.map((point) => point.requestsPerSecond));
	if (best <= 0) return null;
	const reaching = points.filter((point) => point.requestsPerSecond >= best * kneeShare).map((point) => point.load);
	return reaching.length > 0 ? Math.min(...reaching) : null;
}
