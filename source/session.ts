import type {MockOptions} from './mock/server.js';
import {type RunningMock, startMockThread} from './mock/in-thread.js';
import {plannedRequests} from './engine/load.js';
import {type RunHandle, type RunResult, startRun} from './engine/run.js';
import {startRunThread} from './engine/thread.js';
import {prepareTransport} from './transport/create.js';
import {aggregateCsv} from './output/aggregate-csv.js';
import {writeFileAtomic} from './output/files.js';
import {type JsonSummary, jsonSummary} from './output/json.js';
import {RequestCsvWriter} from './output/request-csv.js';
import {endpointSpecs} from './pipelines.js';
import {loadOf, type RunPlan, usesMock} from './plan.js';
import {RunStore, type Snapshot} from './stats/run-store.js';
import {buildEndpoint} from './targets/build.js';
import {checkThresholds, type ThresholdResult} from './thresholds.js';
import {type ComparisonRow, compareToBaseline} from './compare/bootstrap.js';
import {version} from './version.js';
import type {OutputPaths} from './cli/validate.js';

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

export type Session = {
	readonly plan: RunPlan;
	readonly mock: RunningMock | undefined;
	readonly store: RunStore;
	readonly run: RunHandle;
	/** Stops the run gracefully: in-flight requests are cancelled, completed ones kept. */
	readonly stop: () => void;
	/** Waits for the run, writes every requested file, shuts the mock down. */
	readonly finish: () => Promise<SessionResult>;
	/** For a second Ctrl-C: synchronously saves what is complete, without waiting for the run. */
	readonly saveNow: () => readonly string[];
};

export type SessionOptions = {
	readonly plan: RunPlan;
	readonly outputs: OutputPaths;
	readonly mockOptions?: Partial<MockOptions>;
	/** How often the store may notify subscribers. @default 66 */
	readonly snapshotIntervalMs?: number;
	/** Measure in a worker thread, away from a UI's drawing. @default false */
	readonly engineThread?: boolean;
};

/**
 * Wires a run together: mock (when no target is given), endpoints, engine, stats store and
 * the request CSV that records every Sample as it completes.
 */
export async function startSession({plan, outputs, mockOptions, snapshotIntervalMs, engineThread = false}: SessionOptions): Promise<Session> {
	const requestCsv = outputs.requestCsv ? new RequestCsvWriter(outputs.requestCsv) : undefined;
	const mock = usesMock(plan) ? await startMockThread(mockOptions ?? {}) : undefined;
	const mockTargetsAll = mock && !plan.gateway && !plan.sourcegraph && plan.direct.length === 0;
	const targets = mockTargetsAll ? {gateway: {url: mock.url}, sourcegraph: {url: mock.url}} : {gateway: plan.gateway, sourcegraph: plan.sourcegraph};
	const specs = endpointSpecs(plan, targets, mock?.url);
	await prepareTransport(plan.httpClient);
	const load = loadOf(plan);
	const store = new RunStore({requests: plannedRequests(load), durationMs: load.durationMs}, snapshotIntervalMs);
	const run =
		(engineThread ? startRunThread(specs, plan) : undefined) ??
		startRun(
			specs.map((spec) => buildEndpoint(spec, plan)),
			load,
			{probe: plan.probe, interleave: plan.interleave},
		);
	run.subscribe(store.handle);
	if (requestCsv) {
		run.subscribe((event) => {
			if (event.type === 'run-start') requestCsv.setEndpoints(event.endpoints);
			else if (event.type === 'sample') requestCsv.write(event.sample);
		});
	}

	const startedAt = new Date();
	let saved: readonly string[] | undefined;
	const save = (result: Pick<RunResult, 'interrupted' | 'finishedAt'>) => {
		store.flush();
		const snapshot = store.getSnapshot();
		const thresholds = checkThresholds(plan.thresholds, snapshot.endpoints);
		const meta = {version, startedAt, finishedAt: result.finishedAt, interrupted: result.interrupted, mock: Boolean(mock), httpClient: plan.httpClient, load, thresholds};
		const json = jsonSummary(meta, snapshot.endpoints, store.encodedHistograms());
		if (saved) return {snapshot, json, thresholds, written: saved};
		const written: string[] = [];
		if (outputs.csv) {
			writeFileAtomic(outputs.csv, aggregateCsv(snapshot.endpoints));
			written.push(outputs.csv);
		}

		if (requestCsv) {
			requestCsv.close();
			written.push(requestCsv.path);
		}

		if (outputs.json && outputs.json !== '-') {
			writeFileAtomic(outputs.json, JSON.stringify(json, null, 2) + '\n');
			written.push(outputs.json);
		}

		saved = written;
		return {snapshot, json, thresholds, written};
	};

	return {
		plan,
		mock,
		store,
		run,
		stop: run.stop,
		async finish() {
			const result = await run.done;
			const {snapshot, json, thresholds, written} = save(result);
			await mock?.close();
			const comparison = isComparison(plan) ? compareToBaseline(store.comparable()) : [];
			return {run: result, snapshot, json, thresholds, written, comparison};
		},
		saveNow: () => save({interrupted: true, finishedAt: new Date()}).written,
	};
}

/** A run meant to compare endpoints: a comparison file, direct endpoints, or interleaving. */
export const isComparison = (plan: RunPlan): boolean => plan.endpoints !== undefined || plan.direct.length > 0 || plan.interleave;
