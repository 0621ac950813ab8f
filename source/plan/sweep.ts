import type {Threshold} from './thresholds.js';

/** A capacity search: the load is raised step by step until a step breaks the SLO, then bisected. */
export type SweepSettings = {
	/** What is raised: requests in flight (the rate search is not built yet). */
	readonly mode: 'concurrency';
	/** How long each step is measured, after its warm-up. */
	readonly stepMs: number;
	/** The highest load tried. */
	readonly maxConcurrency: number;
	/** What every step must hold, with confidence (the `--threshold` grammar). */
	readonly slos: readonly Threshold[];
};

export const defaultStepMs = 20_000;
export const defaultMaxConcurrency = 256;
