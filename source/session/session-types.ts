import type {RunMeta} from '../output/json.js';
import type {RunResult} from '../engine/run.js';
import type {SteerCommand} from '../engine/steering.js';
import type {RunningMock} from '../mock/in-thread.js';
import type {StartMockOptions} from '../mock/server.js';
import type {JsonSummary} from '../output/json.js';
import type {Judged} from '../output/table.js';
import type {OutputPaths, PlanDraft} from '../plan/draft.js';
import type {RunPlan} from '../plan/run-plan.js';
import type {ComparisonRow} from '../stats/bootstrap.js';
import type {ThresholdResult} from '../stats/check-thresholds.js';
import type {RunStore, Snapshot} from '../stats/run-store.js';

// What a run is asked for and gives back: shared by the session, the measuring thread and the screens.

/** What the command line hands to the console or the headless runner. */
export type RunRequest = {
	readonly draft: PlanDraft;
	readonly outputs: OutputPaths;
	readonly mockOptions: StartMockOptions;
	/** Worth saying before the run, e.g. a token about to cross the network in clear text. */
	readonly warnings: readonly string[];
};

/** The n-th SIGINT or SIGTERM since start-up (`count` 1, 2, …). */
export type InterruptListener = (count: number, signal: NodeJS.Signals) => void;
/**
 * The one way signals reach a run, console and headless alike: hears every interrupt from now on,
 * and at once any that came before (during start-up). Returns the unsubscribe function.
 */
export type InterruptSource = (listener: InterruptListener) => () => void;

export type SessionResult = {
	readonly run: RunResult;
	readonly snapshot: Snapshot;
	readonly json: JsonSummary;
	/** Every `--threshold` checked on every endpoint that has its metric. */
	readonly thresholds: readonly ThresholdResult[];
	/** Comparison runs: each endpoint against the first, with bootstrap confidence intervals. */
	readonly comparison: readonly ComparisonRow[];
	/** Per percentile column, whether best and worst differ clearly (colour only those). */
	readonly judged: Judged;
	/** Files written, in the order csv, request csv, json, html. */
	readonly written: readonly string[];
	/** A witnessed run: what the upstream saw of each endpoint's requests. */
	readonly witness?: RunMeta['witness'];
	/** How close the run came to the client's measured ceiling. */
	readonly ceiling?: RunMeta['ceiling'];
	/** The HTML report (`--html`), when one was written. */
	readonly report?: string;
};

/** Where screens and progress lines read the run's latest figures. */
export type SnapshotSource = Pick<RunStore, 'subscribe' | 'getSnapshot'>;

export type Session = {
	readonly plan: RunPlan;
	readonly mock: RunningMock | undefined;
	readonly store: SnapshotSource;
	/** Stops the run gracefully: in-flight requests are cancelled, completed ones kept. */
	readonly stop: () => void;
	/** Changes the load while it runs (pause, more, less); each change that sends again starts a phase. */
	readonly steer: (command: SteerCommand) => void;
	/** Waits for the run, writes every requested file, shuts the mock down. */
	readonly finish: () => Promise<SessionResult>;
	/** For a second Ctrl-C: saves what is complete without waiting for the run; resolves with the files written. */
	readonly saveNow: () => Promise<readonly string[]>;
};

export type SessionOptions = {
	readonly plan: RunPlan;
	readonly outputs: OutputPaths;
	readonly mockOptions?: StartMockOptions;
	/** How often the store may notify subscribers. @default 66 */
	readonly snapshotIntervalMs?: number;
	/** Measure (and record) in a worker thread, away from a UI's drawing. @default false */
	readonly engineThread?: boolean;
};
