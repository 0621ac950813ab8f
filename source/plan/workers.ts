import {availableParallelism} from 'node:os';
import type {RunPlan} from './run-plan.js';

/** Without `--workers`: a thread for each this many connections (one loop holds them with time to spare)… */
export const connectionsPerThread = 16;
/** …or, in open loop, for each this many requests per second. */
export const ratePerThread = 1000;

/**
 * Measuring threads a run uses. Asked for (`--workers`): that many, but no more than it has
 * connections (each thread holds at least one) or requests (each sends at least one). Not asked
 * for: as many as the load needs (a thread per 16 connections, or per 1,000 requests/s in open
 * loop), up to every core but one (the console's, or the mock's). Capacity searches measure in one.
 * A thread costs ~40 MB and a fraction of a second to start: a light run keeps to one.
 */
export function measuringThreads(plan: Pick<RunPlan, 'workers' | 'concurrency' | 'requests' | 'rate' | 'sweep'>, cores = availableParallelism()): number {
	if (plan.sweep) return 1;
	const wanted =
		plan.workers ??
		Math.min(
			cores - 1,
			Math.ceil(plan.concurrency / connectionsPerThread),
			plan.rate === undefined ? Number.POSITIVE_INFINITY : Math.ceil(plan.rate / ratePerThread),
		);
	return Math.max(1, Math.min(wanted, plan.concurrency, plan.requests ?? Number.POSITIVE_INFINITY));
}
