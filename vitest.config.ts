import {defineConfig} from 'vitest/config';

export default defineConfig({
	test: {
		include: ['test/**/*.test.{ts,tsx}'],
		// Generous: CI is a slow, noisy 2-core machine. No test asserts on its own speed.
		testTimeout: 60_000,
		hookTimeout: 30_000,
		// Two files at a time on two cores (vitest's default there is one): most tests wait on real
		// sockets, servers and terminals rather than compute, so the two overlap.
		maxWorkers: 2,
	},
});
