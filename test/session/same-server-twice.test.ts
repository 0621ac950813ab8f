import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {completePlan} from '../../source/plan/draft.js';
import {type PairedRow, sampleMetrics} from '../../source/stats/paired.js';
import {startSession} from '../../source/session/session.js';
import {type MockProcess, startMockProcess} from '../helpers/cli.js';
import {draftFrom} from '../helpers/drafts.js';

let mock: MockProcess;
beforeAll(async () => {
	mock = await startMockProcess(['--ttft-ms', '5', '--token-delay-ms', '1', '--min-tokens', '3', '--max-output-tokens', '3']);
});
afterAll(async () => mock.stop());

/**
 * An A/A test: the same server listed twice, in 20 runs of their own seeds (each its own order of
 * sends in a round). Nothing differs, so any difference claimed is a false alarm.
 */
describe('the same server listed twice', () => {
	it(
		'is judged no different in 17 of 20 seeded runs on the headline, in 15 of 20 on every figure, and their paired p50s average under 0.2 ms',
		{timeout: 120_000},
		async () => {
			const url = `${mock.url}/v1`;
			const runs: Array<PairedRow['metrics']> = [];
			for (let seed = 1; seed <= 20; seed++) {
				const plan = completePlan(draftFrom(['--openai', url, '--openai', url, '--interleave', '--stream', '-n', '100', '-c', '4', '--seed', String(seed)]));
				const session = await startSession({plan, outputs: {}});
				const [row] = (await session.finish()).comparison;
				runs.push(row?.paired?.metrics ?? {});
			}

			const clearIn = (metrics: PairedRow['metrics'], names: readonly string[]) =>
				Object.entries(metrics).some(([metric, value]) => names.includes(metric) && value.figures.some((figure) => figure.clear && figure.percentile === 50));
			const anyClear = (metrics: PairedRow['metrics']) => Object.values(metrics).some((value) => value.figures.some((figure) => figure.clear));
			expect(runs.every((metrics) => metrics.latency?.pairs === 100)).toBe(true);
			// The interval's own coverage is held exactly in test/stats/paired.test.ts (seeded A/A draws). Here
			// the machine's stalls hit runs of neighbouring pairs at once, which no bootstrap of independent
			// pairs allows for: 2 of 20 headline claims were seen once in CI beside busy files. An analysis that
			// is blind to the pairing (the unpaired percentiles' quantised steps) claims in most runs.
			expect(runs.filter((metrics) => !clearIn(metrics, ['latency', 'ttft'])).length).toBeGreaterThanOrEqual(17);
			expect(runs.filter((metrics) => !anyClear(metrics)).length).toBeGreaterThanOrEqual(15);
			expect(Object.keys(runs[0] ?? {}).sort()).toEqual([...sampleMetrics].filter((metric) => metric !== 'ttfa' || runs[0]?.ttfa).sort());
			// No side is favoured: the runs' paired latency p50s average within 0.2 ms of zero. Each run's own
			// wanders with the machine's load (1.08 ms once in CI, beside three busy test files); a bias
			// shows in the average, and a single run is held only to a fraction of the ~8 ms reply.
			const medians = runs.map((metrics) => metrics.latency?.figures[0]?.differenceMs ?? Number.NaN);
			expect(Math.abs(medians.reduce((sum, value) => sum + value, 0) / medians.length)).toBeLessThan(0.2);
			for (const median of medians) expect(Math.abs(median)).toBeLessThan(3);
		},
	);
});
