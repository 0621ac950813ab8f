import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {defineConfig} from 'vitest/config';
import {BaseSequencer, type TestSpecification} from 'vitest/node';

/**
 * After the rest, two at a time: runs compared with each other across processes (one measuring
 * thread against two), where a busy moment of another file would land in one run and not the
 * other; capacity searches measured in the test's own thread, beside the mock they search in its
 * thread, whose saturation and bisection read throughput; and the
 * second-by-second series, which places each reply of a 60 ms server in its latency bucket; and the
 * paired comparisons, which tell servers 1 ms apart (two busy cores stretch one request in a pair
 * and not the other), or 40 ms apart in nine pairs of ten while the run goes (its mocks share the test's thread).
 */
const alone = [
	'test/session/workers.test.ts',
	'test/sweep/search.test.ts',
	'test/stats/time-series.test.ts',
	'test/session/paired-comparison.test.ts',
	'test/gateways/nginx-overhead.test.ts',
	'test/stats/live-comparison.test.ts',
];

/** Last, and on its own: requests sent within 5 ms of a trace's recorded times, which another file's busy moment moves (6 ms beside the workers test). */
const last = ['test/engine/trace-replay.test.ts'];

/**
 * Files that need modules of their own: the rest share each worker's loaded modules from file to
 * file (isolate: false), which spares re-importing them for every file (a minute of the suite's
 * time). The colour test sets FORCE_COLOR before chalk first reads it; the warm-up test needs a thread whose client
 * no earlier run has warmed; the prompt bodies' test, one whose thread has not loaded the tokenizer (a run
 * with a prompt file loads it for the thread, and bodies then carry their prompt's token count).
 */
const isolated = ['test/ui/summary.test.tsx', 'test/targets/warm-up.test.ts', 'test/targets/prompt-bodies.test.ts'];

/**
 * The files that take longest (tens of seconds: real terminals, spawned runs, real seconds), longest
 * first. A fresh clone has no timings cached, and vitest would start the largest files first, which
 * left two of these to start in the last minute; started first, the short files fill in around them.
 */
const longestFirst = [
	'test/ui/console-tmux.test.ts',
	'test/ui/console-sweep-tmux.test.ts',
	'test/ui/console-compare-tmux.test.ts',
	'test/mock/unusual-servers.test.ts',
	'test/cli/sweep-files.test.ts',
	'test/gateways/fidelity-flags.test.ts',
	'test/gateways/overhead.test.ts',
	'test/gateways/portkey.test.ts',
	'test/providers/real-streams.test.ts',
	'test/cli/prompts.test.ts',
	'test/transport/proxy.test.ts',
	'test/package/npm-pack.test.ts',
];

class LongestFirst extends BaseSequencer {
	override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
		const rank = (file: TestSpecification) => {
			const index = longestFirst.findIndex((path) => file.moduleId.endsWith(path));
			return index === -1 ? longestFirst.length : index;
		};
		// Array.prototype.sort is stable: within a rank, vitest's own order stays.
		return (await super.sort(files)).sort((a, b) => a.project.config.sequence.groupOrder - b.project.config.sequence.groupOrder || rank(a) - rank(b));
	}
}

export default defineConfig({
	test: {
		// Generous: CI is a slow, noisy 2-core machine. No test asserts on its own speed.
		testTimeout: 60_000,
		hookTimeout: 30_000,
		// Worker threads, not a process per file: cheaper to start.
		pool: 'threads',
		// No calibration of the machine running the tests reaches their runs (a test that wants one makes its own).
		env: {XDG_CACHE_HOME: join(tmpdir(), `gatebench-tests-cache-${process.pid}`)},
		sequence: {sequencer: LongestFirst},
		projects: [
			// Four files at a time (vitest's default on two cores is one): most tests wait on sockets,
			// servers, gateways and terminals far more than they compute (the command line runs in their
			// own thread), and the timings they judge against a server with set timings leave room for a
			// busy machine. Three left a core idle much of the time: npm test 4:01 against 3:44.
			{
				extends: true,
				test: {
					name: 'most',
					include: ['test/**/*.test.{ts,tsx}'],
					exclude: [...alone, ...isolated, ...last],
					maxWorkers: 4,
					isolate: false,
					sequence: {groupOrder: 0},
				},
			},
			{extends: true, test: {name: 'isolated', include: isolated, maxWorkers: 1, sequence: {groupOrder: 0}}},
			{extends: true, test: {name: 'alone', include: alone, maxWorkers: 2, sequence: {groupOrder: 1}}},
			{extends: true, test: {name: 'last', include: last, maxWorkers: 1, sequence: {groupOrder: 2}}},
		],
	},
});
