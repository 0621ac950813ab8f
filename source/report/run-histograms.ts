import type {Histogram} from 'hdr-histogram-js';
import type {MetricName} from '../stats/accumulator.js';
import {createHistogram, decodeHistogram as decodeEncoded, highestTrackableUs} from '../stats/histogram.js';
import {BadRunFile, type JsonObject, numberAt, optionalObjectAt} from './run-fields.js';
import {metricNames, type RunMetric, timesKeys} from './run-types.js';

/** Decodes one histogram into gatebench's own settings, so that any two can be added exactly. */
export function decodeHistogram(encoded: unknown, name: string, where: string) {
	if (typeof encoded !== 'string') throw new BadRunFile(`${where}: histogram "${name}" is not a string`);
	let decoded;
	try {
		decoded = decodeEncoded(encoded);
	} catch {
		throw new BadRunFile(`${where}: histogram "${name}" is not a compressed base64 HdrHistogram`);
	}

	if (decoded.totalCount > 0 && decoded.maxValue > highestTrackableUs) throw new BadRunFile(`${where}: histogram "${name}" holds values beyond 10 minutes`);
	const histogram = createHistogram();
	histogram.add(decoded);
	return histogram;
}

/** The exact sum of a metric's values, µs: `total` (ms, 3 decimals) where written, else avg × count. */
function totalUsOf(times: JsonObject | null, count: number, mean: number, where: string): number {
	if (times?.['total'] !== undefined && times['total'] !== null) return Math.round(numberAt(times, 'total', where) * 1000);
	if (times?.['avg'] !== undefined && times['avg'] !== null) return Math.round(numberAt(times, 'avg', where) * 1000 * count);
	return Math.round(mean * count);
}

/** The exact largest value, µs: the summary's `max` where written and consistent with the histogram's top bucket. */
function maxUsOf(times: JsonObject | null, histogram: Histogram, where: string): number {
	if (times?.['max'] === undefined || times['max'] === null) return histogram.maxValue;
	const written = Math.round(numberAt(times, 'max', where) * 1000);
	// Within the top bucket: at 3 significant digits a bucket is at most 1/1024 of its value wide.
	return written <= histogram.maxValue && written >= histogram.maxValue * (1 - 1 / 1024) ? written : histogram.maxValue;
}

/** Every non-empty histogram of one endpoint, with its exact total from the matching summary. */
export function readMetrics(endpoint: JsonObject, where: string): Partial<Record<MetricName, RunMetric>> {
	const encoded = optionalObjectAt(endpoint, 'histograms', where);
	if (!encoded) throw new BadRunFile(`${where}: no "histograms" (written before gatebench kept them? run it again)`);
	const metrics: Partial<Record<MetricName, RunMetric>> = {};
	for (const name of metricNames) {
		if (encoded[name] === undefined) continue;
		const histogram = decodeHistogram(encoded[name], name, where);
		if (histogram.totalCount === 0) continue;
		const times =
			name === 'probe'
				? optionalObjectAt(optionalObjectAt(endpoint, 'probe', where) ?? {}, 'latencyMs', where)
				: optionalObjectAt(endpoint, timesKeys[name], where);
		metrics[name] = {histogram, totalUs: totalUsOf(times, histogram.totalCount, histogram.mean, where), maxUs: maxUsOf(times, histogram, where)};
	}

	return metrics;
}
