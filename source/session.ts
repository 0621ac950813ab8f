import type {OutputPaths} from './cli/validate.js';
import type {ComparisonRow} from './compare/bootstrap.js';
import type {RunResult} from './engine/run.js';
import type {JsonSummary} from './output/json.js';
import {endpointSpecs} from './pipelines.js';
import {type RunPlan, usesMock} from './plan.js';
import {startPlannedRun} from './planned-run.js';
import {Recorder} from './recorder.js';
import {type RunningMock, startMockThread} from './mock/in-thread.js';
import type {MockOptions} from './mock/server.js';
import {startSessionThread} from './session-thread.js';
import type {RunStore, Snapshot} from './stats/run-store.js';
import type {ThresholdResult} from './thresholds.js';

export type SessionResult = {
	readonly run: RunResult;
	readonly snapshot: Snapshot;
	readonly json: JsonSummary;
	/** Every `--threshold` checked on every endpoint that has its metric. */
	readonly thresholds: readonly ThresholdResult[];
	/** Comparison runs: each endpoint against the first, with bootstrap confidence intervals. */
	readonly comparison: readonly ComparisonRow[];
	/** Files written, in the order csv, request csv, json. */
	readonly written: readonly string[];
};

/** Where screens and progress lines read the run's latest figures. */
export type SnapshotSource = Pick<RunStore, 'subscribe' | 'getSnapshot'>;

export type Session = {
	readonly plan: RunPlan;
	readonly mock: RunningMock | undefined;
	readonly store: SnapshotSource;
	/** Stops the run gracefully: in-flight requests are cancelled, completed ones kept. */
	readonly stop: () => void;
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
export async function startSession({plan, outputs, mockOptions, snapshotIntervalMs, engineThread = false}: SessionOptions): Promise<Session> {
	const mock = usesMock(plan) ? await startMockThread(mockOptions ?? {}) : undefined;
	const mockTargetsAll = mock && !plan.gateway && !plan.sourcegraph && plan.direct.length === 0;
	const targets = mockTargetsAll ? {gateway: {url: mock.url}, sourcegraph: {url: mock.url}} : {gateway: plan.gateway, sourcegraph: plan.sourcegraph};
	const specs = endpointSpecs(plan, targets, mock?.url);
	try {
		const thread = engineThread ? await startSessionThread({plan, specs, outputs, mock: Boolean(mock), snapshotIntervalMs}) : undefined;
		if (thread) {
			return {
				plan,
				mock,
				store: thread.store,
				stop: thread.stop,
				async finish() {
					try {
						return await thread.done;
					} finally {
						await mock?.close();
					}
				},
				saveNow: thread.saveNow,
			};
		}

		const recorder = new Recorder({plan, outputs, mock: Boolean(mock), snapshotIntervalMs});
		const run = await startPlannedRun(specs, plan, recorder.handle);
		return {
			plan,
			mock,
			store: recorder.store,
			stop: run.stop,
			async finish() {
				const result = await run.done;
				const saved = recorder.save(result);
				await mock?.close();
				return {run: result, ...saved, comparison: recorder.comparison()};
			},
			saveNow: async () => recorder.save({interrupted: true, finishedAt: new Date()}).written,
		};
	} catch (error) {
		await mock?.close();
		throw error;
	}
}
