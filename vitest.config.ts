import {defineConfig} from 'vitest/config';

export default defineConfig({
	test: {
		include: ['test/**/*.test.{ts,tsx}'],
		// Generous: CI is a slow, noisy 2-core machine. No test asserts on its own speed.
		testTimeout: 60_000,
		hookTimeout: 30_000,
	},
});
