import {Text} from 'ink';
import {cleanup, render} from 'ink-testing-library';
import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';
import {useSinceSnapshot} from '../../source/ui/use-run-snapshot.js';

// The hook's clock and timer are faked; React's own scheduling (setImmediate) stays real.
beforeEach(() => {
	vi.useFakeTimers({toFake: ['setTimeout', 'clearTimeout', 'Date']});
});
afterEach(() => {
	cleanup();
	vi.useRealTimers();
});

/** Lets React commit what the last timer set. */
const settle = async () => new Promise((resolve) => setImmediate(resolve));

function Since({snapshot, onRender, tickMs}: {readonly snapshot: object; readonly onRender: () => void; readonly tickMs: number}) {
	onRender();
	return <Text>{String(useSinceSnapshot(snapshot, true, tickMs))}</Text>;
}

describe('elapsed time between snapshots', () => {
	it('moves on by itself, one tick at a time, when no snapshot comes', async () => {
		const {lastFrame} = render(<Since snapshot={{}} onRender={() => {}} tickMs={20} />);
		expect(lastFrame()).toBe('0');
		await vi.advanceTimersByTimeAsync(20);
		await settle();
		expect(lastFrame()).toBe('20');
		await vi.advanceTimersByTimeAsync(20);
		await settle();
		expect(lastFrame()).toBe('40');
	});

	it('adds no frames of its own while snapshots keep coming, and restarts the count at each', async () => {
		let renders = 0;
		const onRender = () => renders++;
		// Snapshots every 10 ms for 500 ms: a tick of its own (after 300 ms without one) would add a frame.
		const {rerender, lastFrame} = render(<Since snapshot={{}} onRender={onRender} tickMs={300} />);
		for (let snapshot = 1; snapshot <= 50; snapshot++) {
			await vi.advanceTimersByTimeAsync(10);
			rerender(<Since snapshot={{}} onRender={onRender} tickMs={300} />);
		}

		await settle();
		expect(renders).toBe(1 + 50);
		expect(lastFrame()).toBe('0');
		// Then none comes: the count moves on from the last one.
		await vi.advanceTimersByTimeAsync(300);
		await settle();
		expect(lastFrame()).toBe('300');
	});
});
