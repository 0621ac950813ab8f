import {useEffect, useMemo, useState, useSyncExternalStore} from 'react';
import type {RunStore, Snapshot} from '../stats/run-store.js';

/** The run's latest snapshot; re-renders only when the store notifies (at most ~15 Hz, never when idle). */
export const useRunSnapshot = (store: Pick<RunStore, 'subscribe' | 'getSnapshot'>): Snapshot => useSyncExternalStore(store.subscribe, store.getSnapshot);

/**
 * Milliseconds since `snapshot` arrived, advanced by a clock tick while `active`: a slow
 * endpoint sends few notifications, yet its elapsed time should still move every second.
 * The tick fires only after `tickMs` without a snapshot: while snapshots flow, it would only
 * add frames (each costs the CPU the measurement may need).
 */
export function useSinceSnapshot(snapshot: unknown, active: boolean, tickMs = 1000): number {
	// A new snapshot restarts the count: the clock is read once per snapshot, on purpose, during the
	// render that shows it (an effect would cost every snapshot a second frame).
	// eslint-disable-next-line react-hooks/purity, react-hooks/exhaustive-deps
	const receivedAt = useMemo(() => Date.now(), [snapshot]);
	const [now, setNow] = useState(() => Date.now());
	useEffect(() => {
		if (!active) return undefined;
		const timer = setTimeout(() => setNow(Date.now()), tickMs);
		return () => clearTimeout(timer);
	}, [active, tickMs, snapshot, now]);
	return Math.max(0, now - receivedAt);
}
