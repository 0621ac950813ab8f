import type {RunPlan} from './run-plan.js';

/**
 * `--workers`' default: every core but one (the console's, or the mock's), at least one. A single
 * measuring thread is the engine in the run's own thread, as without the flag.
 */
export const defaultWorkers = (cores: number): number => Math.max(1, cores - 1);

/**
 * Measuring threads a run uses: as many as asked, but no more than it has connections (each
 * thread holds at least one) or requests (each sends at least one). Capacity searches measure
 * in one thread.
 */
export function measuringThreads(plan: Pick<RunPlan, 'workers' | 'concurrency' | 'requests' | 'sweep'>): number {
	if (plan.sweep) return 1;
	return Math.max(1, Math.min(plan.workers ?? 1, plan.concurrency, plan.requests ?? Number.POSITIVE_INFINITY));
}
