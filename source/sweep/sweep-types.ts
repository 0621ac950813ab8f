import type {SessionOptions} from '../session/session-types.js';
import type {JsonSummary} from '../output/json.js';
import type {OutputPaths} from '../plan/draft.js';
import type {RunPlan} from '../plan/run-plan.js';
import type {GateResult} from '../stats/capacity-gates.js';
import type {ComparisonRow} from '../stats/comparison.js';
import type {EndpointStats} from '../stats/endpoint-stats.js';
import type {SloJudgement, SloVerdict} from '../stats/judge-slo.js';

/*
 * The capacity search's shared vocabulary: what a step, an answer and the search's progress are.
 * Every file of sweep/ imports these from here, so none of them needs the file that runs the search.
 */

/** One load measured on one endpoint: its figures, each SLO judged, and what that makes of the step. */
export type SweepStep = {
	readonly number: number;
	readonly endpoint: {readonly index: number; readonly name: string};
	/** Requests in flight (the cap on them, in rate mode). */
	readonly concurrency: number;
	/** Rate mode: requests per second sent. */
	readonly rate?: number;
	/** Rate mode's first step on each endpoint: one request at a time, to find the single-stream rate the search starts from. */
	readonly calibration?: boolean;
	readonly verdict: SloVerdict;
	readonly judgements: readonly SloJudgement[];
	/** More load than the step before bought under 10 % more throughput while the median latency rose over 20 %. */
	readonly saturated: boolean;
	readonly stats: EndpointStats;
	/** The step's endpoint as the JSON summary writes it, histograms included. */
	readonly json: JsonSummary['endpoints'][number];
	/** An overhead sweep's step: the upstream directly at the same load, and the gateway against it pair by pair. */
	readonly overhead?: {readonly direct: JsonSummary['endpoints'][number]; readonly comparison: ComparisonRow};
	/** A borderline step measured a second time. */
	readonly repeat: boolean;
	/** Requests that met every per-request SLO (succeeded, within each latency/TTFT limit), per second, and their output tokens per second. */
	readonly goodput: {readonly requestsPerSecond: number; readonly outputTokensPerSecond: number};
};

/** Why the search on an endpoint stopped where it did. */
export type StoppedBy = 'slo' | 'saturation' | 'maximum' | 'stopped';

export type SweepAnswer = {
	readonly endpoint: string;
	readonly mode: 'concurrency' | 'rate';
	/** The most load (requests in flight, or requests/s) that held every SLO with confidence; null when even the first did not. */
	readonly load: number | null;
	/** The step that proves it, and the lowest load that failed (null when none failed). */
	readonly step: number | null;
	readonly firstFailing: number | null;
	readonly stoppedBy: StoppedBy;
	/** The least load that reached within 10 % of the most throughput seen: where more load stops paying. */
	readonly knee: number | null;
	/** Requests/s at the answer's step, and its goodput. */
	readonly requestsPerSecond: number | null;
	readonly goodput: SweepStep['goodput'] | null;
};

export type SweepResult = {
	readonly steps: readonly SweepStep[];
	/** One per endpoint searched, in order. */
	readonly answers: readonly SweepAnswer[];
	readonly gates: readonly GateResult[];
	readonly interrupted: boolean;
	/** Files written, and the JSON (for `--json -`). */
	readonly written: readonly string[];
	readonly json: string;
};

/** The step being measured now. */
export type CurrentStep = {
	readonly endpoint: number;
	readonly load: number;
	readonly rateMode: boolean;
	readonly calibration: boolean;
	readonly repeat: boolean;
	/** Its figures so far (the store's latest snapshot), once a request has completed. */
	readonly stats: EndpointStats | undefined;
};

/** What a screen shows of a search under way. */
export type SweepProgress = {
	readonly endpoints: readonly string[];
	readonly steps: readonly SweepStep[];
	readonly answers: readonly SweepAnswer[];
	readonly current: CurrentStep | undefined;
};

export type SweepRun = {
	/** Stops at once: the step being measured is dropped, the finished ones and the answer so far kept. */
	readonly stop: () => void;
	readonly done: Promise<SweepResult>;
	/** Hears every finished step and, a few times a second, the current step's figures. */
	readonly subscribe: (listener: () => void) => () => void;
	readonly progress: () => SweepProgress;
};

export type SweepOptions = {
	readonly plan: RunPlan;
	readonly mockOptions?: SessionOptions['mockOptions'];
	readonly outputs?: OutputPaths;
	readonly onStep?: (step: SweepStep) => void;
};

/** The load a step put on its endpoint: requests in flight, or requests/s. */
export const loadOf = (step: Pick<SweepStep, 'concurrency' | 'rate'>): number => step.rate ?? step.concurrency;

/**
 * An endpoint's last measurement of each load, the points its curves go through (a borderline load
 * measured again counts its second step; the rate search's single-stream calibration is no load of them).
 */
export function lastPerLoad(steps: readonly SweepStep[], endpoint: number): Map<number, SweepStep> {
	const byLoad = new Map<number, SweepStep>();
	for (const step of steps) if (step.endpoint.index === endpoint && !step.calibration) byLoad.set(loadOf(step), step);
	return byLoad;
}
