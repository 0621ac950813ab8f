import type {LoadSettings} from '../plan/load-settings.js';
import type {RunMeta} from '../output/json.js';
import type {EndpointStats} from '../stats/endpoint-stats.js';
import {version} from '../output/version.js';
import {mergeEndpoint, overlapping, type Part} from './merge-endpoint.js';
import type {RunEndpoint, RunFile} from './run-types.js';
import {endpointStatsOf} from './stats-of.js';

export type MergedRun = {
	/** For `jsonSummary`: the span of every run, written by this gatebench. */
	readonly meta: RunMeta;
	/** Runs (machines) merged, counting those inside already-merged files. */
	readonly machines: number;
	readonly endpoints: readonly RunEndpoint[];
	/** The merged endpoints as the table and the JSON writer take them. */
	readonly stats: readonly EndpointStats[];
};

/** Same name, pipeline and target: the same endpoint, whichever machine measured it. */
const keyOf = (endpoint: RunEndpoint) => JSON.stringify([endpoint.info.name, endpoint.info.pipeline, endpoint.info.target]);

const sumOrUndefined = (values: ReadonlyArray<number | undefined>) =>
	values.every((value) => value !== undefined) ? values.reduce<number>((total, value) => total + (value ?? 0), 0) : undefined;

/** Side by side, concurrency and rates add up; one after another, the settings stay each run's. */
function mergeLoad(runs: readonly RunFile[]): LoadSettings {
	const loads = runs.map((run) => run.load);
	const first = loads[0] ?? {concurrency: 0};
	const concurrent = overlapping(runs);
	const durations = loads.map((load) => load.durationMs);
	return {
		...first,
		requests: sumOrUndefined(loads.map((load) => load.requests)),
		durationMs: concurrent ? (durations.every((value) => value !== undefined) ? Math.max(...durations) : undefined) : sumOrUndefined(durations),
		concurrency: concurrent ? loads.reduce((total, load) => total + load.concurrency, 0) : Math.max(...loads.map((load) => load.concurrency)),
		rate: concurrent ? sumOrUndefined(loads.map((load) => load.rate)) : first.rate,
	};
}

/**
 * Endpoints of several runs (files from several machines, or one machine at several times)
 * grouped by name, pipeline and target, in order of first appearance: histograms added exactly,
 * counts, errors and exact totals summed.
 */
export function mergeRuns(runs: readonly RunFile[]): MergedRun {
	const groups = new Map<string, [Part, ...Part[]]>();
	for (const run of runs) {
		for (const endpoint of run.endpoints) {
			const group = groups.get(keyOf(endpoint));
			if (group) group.push({endpoint, run});
			else groups.set(keyOf(endpoint), [{endpoint, run}]);
		}
	}

	const endpoints = [...groups.values()].map((parts) => mergeEndpoint(parts));
	const times = (pick: (run: RunFile) => Date) => runs.map((run) => pick(run).getTime());
	const meta: RunMeta = {
		version,
		startedAt: new Date(runs.length > 0 ? Math.min(...times((run) => run.startedAt)) : 0),
		finishedAt: new Date(runs.length > 0 ? Math.max(...times((run) => run.finishedAt)) : 0),
		interrupted: runs.some((run) => run.interrupted),
		mock: runs.some((run) => run.mock),
		httpClient: [...new Set(runs.map((run) => run.httpClient))].join(','),
		insecure: runs.some((run) => run.insecure),
		load: mergeLoad(runs),
	};
	return {
		meta,
		machines: runs.reduce((total, run) => total + run.machines, 0),
		endpoints,
		stats: endpoints.map((endpoint, index) => endpointStatsOf(index, endpoint)),
	};
}
