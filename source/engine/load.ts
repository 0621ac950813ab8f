export type Arrival = 'constant' | 'poisson';

/** How hard and how long to drive each endpoint. */
export type LoadSettings = {
	/** Measured requests per endpoint; with `durationMs` too, whichever comes first. */
	readonly requests?: number;
	/** Stop sending after this long (ms); requests in flight then still complete. */
	readonly durationMs?: number;
	/** Requests in flight at most. */
	readonly concurrency: number;
	/** Open loop: requests per second, sent on schedule whether or not replies came back. */
	readonly rate?: number;
	/** @default 'constant' */
	readonly arrival?: Arrival;
	/** Requests sent first and left out of every statistic and file. @default 0 */
	readonly warmup?: number;
};

/** Requests a run plans to measure per endpoint, if that is known in advance. */
export function plannedRequests(load: LoadSettings): number | undefined {
	const byDuration = load.durationMs !== undefined && load.rate !== undefined ? Math.floor((load.durationMs / 1000) * load.rate) : undefined;
	if (load.requests !== undefined && byDuration !== undefined) return Math.min(load.requests, byDuration);
	return load.requests ?? byDuration;
}

/** Seconds between request i and i+1 of an open-loop schedule. */
export function arrivalGap(rate: number, arrival: Arrival, random: () => number): number {
	// Poisson arrivals have exponentially distributed gaps with mean 1/rate.
	return arrival === 'poisson' ? -Math.log(1 - random()) / rate : 1 / rate;
}
