import type {EndpointStats} from './endpoint-stats.js';

/** 0..1: by requests when their number is known, else by time. */
export function progressFraction(stats: EndpointStats): number {
	if (stats.state === 'done') return 1;
	const byTime = stats.plannedDurationMs ? stats.elapsedMs / stats.plannedDurationMs : 0;
	const byCount = stats.planned ? stats.requests / stats.planned : 0;
	return Math.min(1, Math.max(byTime, byCount));
}
