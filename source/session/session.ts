import type {OutputPaths, PlanDraft} from '../plan/draft.js';
import type {ComparisonRow} from '../report/bootstrap.js';
import type {Judged} from '../output/table.js';
import type {SteerCommand} from '../engine/steering.js';
import type {RunResult} from '../engine/run.js';
import type {JsonSummary} from '../output/json.js';
import {type EndpointSpec, endpointSpecs} from '../plan/pipelines.js';
import {type RunPlan, usesMock} from '../plan/run-plan.js';
import {type Measuring, measureAndRecord} from './measure.js';
import {type RunningMock, startMockThread} from '../mock/in-thread.js';
import type {MockOptions} from '../mock/server.js';
import {type SessionThread, startSessionThread} from './thread.js';
import type {RunStore, Snapshot} from '../stats/run-store.js';
import type {ThresholdResult} from '../stats/thresholds.js';

/** What the command line hands to the console or the headless runner. */
export type RunRequest = {
	readonly draft: PlanDraft;
	readonly outputs: OutputPaths;
	readonly mockOptions: Partial<MockOptions>;
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
	readonly mockOptions?: Partial<MockOptions>;
	/** How often the store may notify subscribers. @default 66 */
	readonly snapshotIntervalMs?: number;
	/** Measure (and record) in a worker thread, away from a UI's drawing. @default false */
	readonly engineThread?: boolean;
};

/**
 * Wires a run together: the mock (when no target is given), the endpoints, the engine and the
 * Recorder (stats store, request CSV, result files) — in-process, or in a worker thread for the console.
 */
export async function startSession({plan: asked, outputs, mockOptions, snapshotIntervalMs, engineThread = false}: SessionOptions): Promise<Session> {
	const plan = await withSyntheticPrompts(asked);
	const {mock, specs} = await prepareEndpoints(plan, mockOptions);
	try {
		const options = {plan, specs, outputs, mock: Boolean(mock), snapshotIntervalMs};
		const measured = (engineThread ? await startSessionThread(options) : undefined) ?? inProcess(await measureAndRecord(options));
		return {
			plan,
			mock,
			store: measured.store,
			stop: measured.stop,
			steer: measured.steer,
			saveNow: measured.saveNow,
			async finish() {
				try {
					return await measured.done;
				} finally {
					await mock?.close();
				}
			},
		};
	} catch (error) {
		await mock?.close();
		throw error;
	}
}

/** `--input-tokens`: the plan with its synthetic prompts made (once, before anything is measured). */
export async function withSyntheticPrompts(plan: RunPlan): Promise<RunPlan> {
	if (!plan.inputTokens || plan.prompts) return plan;
	const {syntheticPrompts} = await import('../targets/synthetic-prompts.js');
	return {...plan, prompts: await syntheticPrompts(plan.inputTokens, {seed: plan.seed, uniquePrefix: plan.uniquePrefix})};
}

/** The mock, started when the plan needs it, and the plan's endpoints pointed at it or at the targets. */
export async function prepareEndpoints(plan: RunPlan, mockOptions: Partial<MockOptions> = {}): Promise<{mock: RunningMock | undefined; specs: EndpointSpec[]}> {
	const mock = usesMock(plan) ? await startMockThread(mockOptions) : undefined;
	const mockTargetsAll = mock && !plan.gateway && !plan.sourcegraph && plan.direct.length === 0;
	const local = mock && {url: mock.url, builtInMock: true};
	const targets = mockTargetsAll && local ? {gateway: local, sourcegraph: local} : {gateway: plan.gateway, sourcegraph: plan.sourcegraph};
	return {mock, specs: endpointSpecs(plan, targets, mock?.url)};
}

/** The in-process run seen as the measuring thread is: snapshots, stop, save now, and the result when done. */
const inProcess = ({recorder, run, finish, saveNow}: Measuring): SessionThread => ({
	store: recorder.store,
	stop: run.stop,
	steer: run.steer,
	saveNow: async () => saveNow().written,
	done: finish(),
});
