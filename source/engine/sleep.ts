import {setImmediate as yieldToLoop, setTimeout as sleep} from 'node:timers/promises';
import {nowNs} from './clock.js';

/**
 * Waits until a monotonic instant. Timers fire up to ~1 ms late, so the last stretch
 * yields to the event loop instead: open-loop schedules stay within a fraction of a ms.
 */
export async function sleepUntil(targetNs: bigint, signal: AbortSignal): Promise<void> {
	for (;;) {
		if (signal.aborted) return;
		const remainingMs = Number(targetNs - nowNs()) / 1e6;
		if (remainingMs <= 0) return;
		if (remainingMs > 2) await sleep(remainingMs - 1, undefined, {ref: true, signal}).catch(() => {});
		else await yieldToLoop();
	}
}

/**
 * Waits until a wall-clock time (ms since 1970: the same instant on every host whose clock is
 * synchronised), measured from now on the monotonic clock so a clock step meanwhile cannot cut it
 * short. Returns at once for a time already past.
 */
export async function sleepUntilWallClock(atMs: number, signal: AbortSignal): Promise<void> {
	const waitMs = atMs - Date.now();
	if (waitMs > 0) await sleepUntil(nowNs() + BigInt(Math.round(waitMs * 1e6)), signal);
}
