import {defineConfig} from 'vitest/config';

export default defineConfig({
	test: {
		include: ['test/**/*.test.{ts,tsx}'],
		// Generous: CI is a slow, noisy 2-core machine. No test asserts on its own speed.
		testTimeout: 60_000,
		hookTimeout: 30_000,
		// Three files at a time, in worker threads (vitest's default on two cores is one file, in a
		// process): most tests wait on sockets, servers and terminals far more than they compute.
		pool: 'threads',
		maxWorkers: 3,
	},
});
