import type {Threshold} from './thresholds.js';

/** A capacity search: the load is raised step by step until a step breaks the SLO, then bisected. */
export type SweepSettings = {
	/** What is raised: requests in flight, or requests per second (open loop, judged from the scheduled send). */
	readonly mode: 'concurrency' | 'rate';
	/** How long each step is measured, after its warm-up. */
	readonly stepMs: number;
	/** The highest load tried. */
	readonly maxConcurrency: number;
	readonly maxRate: number;
	/** What every step must hold, with confidence (the `--threshold` grammar). */
	readonly slos: readonly Threshold[];
};

export const defaultStepMs = 20_000;
export const defaultMaxConcurrency = 256;
export const defaultMaxRate = 1000;
/** A rate search stops when the last rate that held and the first that broke are this close (a share of the former). */
export const rateResolution = 0.05;
