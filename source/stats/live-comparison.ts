import type {ComparisonRow} from './comparison.js';
import type {RunStore} from './run-store.js';

/** How often the live verdict is judged again, and with how many resamples. */
export const liveJudgeMs = 1000;
/**
 * Fewer resamples than the 1,000 of the final comparison: the interval's ends move by a few
 * per cent, and the measuring thread spends ~5× less on it (it runs beside the requests).
 */
export const liveIterations = 200;
/** Replies each side needs before a verdict: below this a bootstrap interval is too narrow to trust. */
export const liveMinimum = 20;

/**
 * While the endpoints of an interleaved comparison run together, judges each against the first
 * once a second (`judged`: the recorder's pairs and bootstrap, undefined while too few replies
 * are in) and hands the rows to the store. Stops when `done` settles.
 */
export function judgeWhileRunning(store: RunStore, done: Promise<unknown>, judged: () => readonly ComparisonRow[] | undefined): void {
	const judge = () => {
		const rows = judged();
		if (rows) store.setComparison(rows);
	};
	const ticker = setInterval(judge, liveJudgeMs);
	ticker.unref();
	const stop = () => clearInterval(ticker);
	done.then(stop, stop);
}
