import {readFileSync} from 'node:fs';
import {availableParallelism} from 'node:os';
import type {RunPlan} from './run-plan.js';

/**
 * The cores a container's CPU quota leaves (cgroup v2 `cpu.max` "quota period", v1 `cpu.cfs_quota_us`
 * and `cpu.cfs_period_us`), rounded up; undefined without a quota. Node's `availableParallelism` counts
 * the cores a process may run on, not how much of them its quota allows: a pod limited to 2 CPUs on a
 * 64-core node would otherwise start dozens of threads.
 */
export function quotaCores(read: (path: string) => string | undefined = readText): number | undefined {
	const v2 = read('/sys/fs/cgroup/cpu.max')?.trim().split(/\s+/);
	const [quota, period] = v2
		? [Number(v2[0]), Number(v2[1])]
		: [Number(read('/sys/fs/cgroup/cpu/cpu.cfs_quota_us')), Number(read('/sys/fs/cgroup/cpu/cpu.cfs_period_us'))];
	return Number.isFinite(quota) && Number.isFinite(period) && quota > 0 && period > 0 ? Math.max(1, Math.ceil(quota / period)) : undefined;
}

function readText(path: string): string | undefined {
	try {
		return readFileSync(path, 'utf8');
	} catch {
		return undefined;
	}
}

/** Cores this process may use: those it may run on, within its container's CPU quota. */
export const usableCores = (): number => Math.min(availableParallelism(), quotaCores() ?? Number.POSITIVE_INFINITY);

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
export function measuringThreads(plan: Pick<RunPlan, 'workers' | 'concurrency' | 'requests' | 'rate' | 'sweep'>, cores = usableCores()): number {
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
