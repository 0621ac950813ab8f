import type {ClientCeiling} from '../plan/run-plan.js';
import type {EndpointStats} from './endpoint-stats.js';

/** How close a run came to the client's measured ceiling; `share` null when there is no calibration. */
export type CeilingVerdict = {
	readonly ceiling: ClientCeiling | null;
	/** What the run asked of the client: requests and streamed events a second, all endpoints together. */
	readonly requestsPerSecond: number;
	readonly eventsPerSecond: number;
	/** Measuring threads: each has the calibrated ceiling. */
	readonly threads: number;
	/** Of the ceiling, 0–1 (above 1: past it); null without a calibration. */
	readonly share: number | null;
};

/** Above this share of its ceiling the client's own queueing may be in the numbers. */
export const ceilingWarnShare = 0.7;

/** Under this loop use a run never needed the ceiling, and is not told to measure it. */
const busyEnoughToAsk = 0.5;

/**
 * A request and an event each cost the client a share of its core: the run's share of the ceiling
 * is the sum of the two (a run of streams spends both), over the measuring threads it had.
 */
export function ceilingVerdictOf(ceiling: ClientCeiling | undefined, endpoints: readonly EndpointStats[], threads: number): CeilingVerdict {
	const perSecond = (count: number, stats: EndpointStats) => (stats.elapsedMs > 0 ? count / (stats.elapsedMs / 1000) : 0);
	const requestsPerSecond = endpoints.reduce((sum, stats) => sum + perSecond(stats.requests, stats), 0);
	// A stream's content events: its first token and one per inter-token gap.
	const eventsPerSecond = endpoints.reduce((sum, stats) => sum + perSecond((stats.ttft?.count ?? 0) + (stats.interToken?.count ?? 0), stats), 0);
	const share = ceiling ? (requestsPerSecond / ceiling.requestsPerSecond + eventsPerSecond / ceiling.eventsPerSecond) / Math.max(1, threads) : null;
	return {ceiling: ceiling ?? null, requestsPerSecond, eventsPerSecond, threads, share};
}

const percent = (share: number) => `${Math.round(share * 100)}%`;
const rounded = (value: number) => Math.round(value).toLocaleString('en-US');

/** One line for a run's heading: how close it came, and to what. */
export function ceilingLine({ceiling, share}: CeilingVerdict): string {
	if (!ceiling || share === null) return 'client ceiling: not measured on this machine (gatebench calibrate)';
	const events = `${ceiling.eventsAtLeast ? '≥ ' : ''}${rounded(ceiling.eventsPerSecond)} events/s`;
	return `client at ${percent(share)} of its measured ceiling (${rounded(ceiling.requestsPerSecond)} req/s, ${events}; calibrated ${ceiling.measuredAt.slice(0, 10)})`;
}

/** The warning when a run came near its ceiling, else undefined. */
export function ceilingWarning({share, threads}: CeilingVerdict): string | undefined {
	if (share === null || share <= ceilingWarnShare) return undefined;
	return `client near its ceiling: at ${percent(share)} of what this client sustains with under 1 ms of timing error, its own queueing may be in the numbers; spread the load with --workers ${threads + 1} or over more machines (docs/how-it-measures.md, "The client's ceiling")`;
}

/** Without a calibration, a run busy enough for it to matter is told the one command that measures it. */
export function calibrationHint(verdict: CeilingVerdict, loopUtilization: number | undefined): string | undefined {
	if (verdict.ceiling || (loopUtilization ?? 0) < busyEnoughToAsk) return undefined;
	return "how close this run came to the client's ceiling is unknown: measure it once with `gatebench calibrate` (about 40 s)";
}
