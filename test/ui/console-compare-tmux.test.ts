import {describe, expect, it} from 'vitest';
import {hasTmux, resultFiles, tmuxPanes} from './tmux.js';

const {launch, capture, waitForPane, send} = tmuxPanes();

/** Requests done per endpoint number, read from the comparison rows on screen. */
function doneCounts(screen: string): Map<string, number> {
	const counts = new Map<string, number>();
	for (const match of screen.matchAll(/^([1-9]) {2}(?:openai|anthropic) direct: mock +(\d+) /gm)) counts.set(match[1] ?? '', Number(match[2]));
	return counts;
}

const bothAbove = (floor: ReadonlyMap<string, number>) => (screen: string) => {
	const counts = doneCounts(screen);
	return ['1', '2'].every((row) => (counts.get(row) ?? 0) > (floor.get(row) ?? 0));
};

/** A RegExp-like test over a whole screen, for waitForPane. */
const when = (test: (screen: string) => boolean): RegExp => ({test}) as unknown as RegExp;

describe.skipIf(!hasTmux)('comparing endpoints in the console', () => {
	it.each([
		[80, 24],
		[120, 40],
	] as const)('runs two direct endpoints interleaved, both rows updating at once, with a verdict line (%i×%i)', {timeout: 120_000}, async (columns, rows) => {
		const pane = launch(
			[
				'--openai',
				'mock',
				'--anthropic',
				'mock',
				'--stream',
				'-n',
				'300',
				'-c',
				'2',
				'--mock-ttft-ms',
				'20',
				'--mock-token-delay-ms',
				'2',
				'--mock-max-output-tokens',
				'10',
				'--mock-min-tokens',
				'5',
			],
			{size: [columns, rows]},
		);
		await waitForPane(pane, /× 2 in flight, interleaved/);
		const first = doneCounts(await waitForPane(pane, when(bothAbove(new Map()))));
		// A later frame in which both rows have moved on: they run together, not one after the other.
		const later = await waitForPane(pane, when(bothAbove(first)));
		expect(later).toMatch(/^# {2}endpoint\s+done\s/m);
		await waitForPane(pane, /^2 vs 1 {2}TTFT p50 [+-][\d.]+ ms \[[+-][\d.]+, [+-][\d.]+\] (?:slower|faster|no clear difference yet)/m);
		for (const screen of pane.seen) {
			expect(screen.split('\n').filter((line) => line.trim()).length).toBeLessThan(rows);
			for (const line of screen.split('\n')) expect(line.length).toBeLessThan(columns);
		}

		await waitForPane(pane, /gatebench results/);
		await send(pane, 'q', /GATEBENCH_EXIT=0/);
		const {requests} = resultFiles(pane.dir);
		expect(requests).toHaveLength(600);
		expect(capture(pane, true)).toMatch(/^openai direct: mock vs anthropic direct: mock {2}p50 /m);
	});
});
