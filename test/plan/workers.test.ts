import {describe, expect, it} from 'vitest';
import {measuringThreads, quotaCores} from '../../source/plan/workers.js';

const plan = (overrides: Partial<Parameters<typeof measuringThreads>[0]>) => ({concurrency: 1, ...overrides});

describe('how many measuring threads a run uses', () => {
	it('as many as asked, but never more than connections or requests, and one for a capacity search', () => {
		expect(measuringThreads(plan({workers: 4, concurrency: 64}), 2)).toBe(4);
		expect(measuringThreads(plan({workers: 4, concurrency: 3}), 16)).toBe(3);
		expect(measuringThreads(plan({workers: 4, concurrency: 64, requests: 2}), 16)).toBe(2);
		expect(measuringThreads(plan({workers: 4, concurrency: 64, sweep: {} as never}), 16)).toBe(1);
	});

	it('unasked: a thread per 16 connections (or 1,000/s in open loop), up to the cores but one', () => {
		expect(measuringThreads(plan({concurrency: 1}), 16)).toBe(1);
		expect(measuringThreads(plan({concurrency: 16}), 16)).toBe(1);
		expect(measuringThreads(plan({concurrency: 17}), 16)).toBe(2);
		expect(measuringThreads(plan({concurrency: 1024}), 16)).toBe(15);
		expect(measuringThreads(plan({concurrency: 1024}), 2)).toBe(1);
		expect(measuringThreads(plan({concurrency: 256, rate: 50}), 16)).toBe(1);
		expect(measuringThreads(plan({concurrency: 256, rate: 2500}), 16)).toBe(3);
		expect(measuringThreads(plan({concurrency: 64}), 1)).toBe(1);
	});

	it("counts the cores a container's CPU quota leaves (cgroup v2, else v1), none without a quota", () => {
		const files = (entries: Record<string, string>) => (path: string) => entries[path];
		expect(quotaCores(files({'/sys/fs/cgroup/cpu.max': '200000 100000\n'}))).toBe(2);
		expect(quotaCores(files({'/sys/fs/cgroup/cpu.max': '150000 100000\n'}))).toBe(2);
		expect(quotaCores(files({'/sys/fs/cgroup/cpu.max': '50000 100000\n'}))).toBe(1);
		expect(quotaCores(files({'/sys/fs/cgroup/cpu.max': 'max 100000\n'}))).toBeUndefined();
		expect(quotaCores(files({'/sys/fs/cgroup/cpu/cpu.cfs_quota_us': '400000\n', '/sys/fs/cgroup/cpu/cpu.cfs_period_us': '100000\n'}))).toBe(4);
		expect(quotaCores(files({'/sys/fs/cgroup/cpu/cpu.cfs_quota_us': '-1\n', '/sys/fs/cgroup/cpu/cpu.cfs_period_us': '100000\n'}))).toBeUndefined();
		expect(quotaCores(files({}))).toBeUndefined();
	});
});
