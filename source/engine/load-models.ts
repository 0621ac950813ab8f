import type {Arrival, LoadSettings} from '../plan/load-settings.js';

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
