import {encodeHistogram} from '../stats/histogram.js';
import {jsonSummary} from '../output/json.js';
import type {MergedRun} from './merge.js';

/**
 * The merged run in the `--json` schema, histograms included, so that it can itself be reported
 * or merged again; `machines` (added) counts the runs in it, in total and per endpoint.
 */
export function mergedRunJson(merged: MergedRun) {
	const histograms = merged.endpoints.map((endpoint) =>
		Object.fromEntries(Object.entries(endpoint.metrics).map(([name, metric]) => [name, encodeHistogram(metric.histogram)])),
	);
	const summary = jsonSummary(
		merged.meta,
		merged.stats,
		histograms,
		merged.endpoints.map((endpoint) => endpoint.series ?? undefined),
	);
	return {
		...summary,
		machines: merged.machines,
		endpoints: summary.endpoints.map((endpoint, index) => ({...endpoint, machines: merged.endpoints[index]?.machines ?? 1})),
	};
}
