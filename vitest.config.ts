import {defineConfig} from 'vitest/config';

/**
 * After the rest, two at a time: runs compared with each other across processes (one measuring
 * thread against two), where a busy moment of another file would land in one run and not the
 * other; capacity searches measured in the test's own thread, beside the mock they search (from
 * the sources the mock runs in-process), whose saturation and bisection read throughput; and the
 * second-by-second series, which places each reply of a 60 ms server in its latency bucket.
 */
const alone = ['test/session/workers.test.ts', 'test/sweep/search.test.ts', 'test/stats/time-series.test.ts'];

export default defineConfig({
	test: {
		// Generous: CI is a slow, noisy 2-core machine. No test asserts on its own speed.
		testTimeout: 60_000,
		hookTimeout: 30_000,
		// Worker threads, not a process per file: cheaper to start.
		pool: 'threads',
		projects: [
			// Three files at a time (vitest's default on two cores is one): most tests wait on sockets,
			// servers and terminals far more than they compute, and the timings they judge against a
			// server with set timings leave room for a busy machine.
			{extends: true, test: {name: 'most', include: ['test/**/*.test.{ts,tsx}'], exclude: alone, maxWorkers: 3, sequence: {groupOrder: 0}}},
			{extends: true, test: {name: 'alone', include: alone, maxWorkers: 2, sequence: {groupOrder: 1}}},
		],
	},
});
