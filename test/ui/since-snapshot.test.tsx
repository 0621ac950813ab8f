import {setTimeout as sleep} from 'node:timers/promises';
import {Text} from 'ink';
import {cleanup, render} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {useSinceSnapshot} from '../../source/ui/use-run-snapshot.js';

afterEach(cleanup);

function Since({snapshot, renders, tickMs}: {readonly snapshot: object; readonly renders: {count: number}; readonly tickMs: number}) {
	renders.count++;
	return <Text>{String(useSinceSnapshot(snapshot, true, tickMs))}</Text>;
}

describe('elapsed time between snapshots', () => {
	it('moves on by itself when no snapshot comes', async () => {
		const {lastFrame} = render(<Since snapshot={{}} renders={{count: 0}} tickMs={20} />);
		expect(lastFrame()).toBe('0');
		for (let waited = 0; Number(lastFrame()) < 40 && waited < 5000; waited += 10) await sleep(10);
		expect(Number(lastFrame())).toBeGreaterThanOrEqual(40);
	});

	it('adds no frames of its own while snapshots keep coming', async () => {
		const renders = {count: 0};
		// A tick every 300 ms of its own would add a frame within these ~500 ms; snapshots come every ~10 ms.
		const {rerender} = render(<Since snapshot={{}} renders={renders} tickMs={300} />);
		const startedAt = performance.now();
		let snapshots = 0;
		while (performance.now() - startedAt < 500) {
			await sleep(10);
			rerender(<Since snapshot={{}} renders={renders} tickMs={300} />);
			snapshots++;
		}

		expect(renders.count).toBe(1 + snapshots);
	});
});
