import {writeFileSync} from 'node:fs';
import type {JsHistogram} from 'hdr-histogram-js';
import {join} from 'node:path';
import type {ErrorKind} from '../../source/engine/errors.js';
import {jsonSummary} from '../../source/output/json.js';
import {Accumulator} from '../../source/stats/accumulator.js';
import {createHistogram, recordUs} from '../../source/stats/histogram.js';
import type {EndpointInfo} from '../../source/engine/endpoint.js';

export type SyntheticEndpoint = {
	readonly name: string;
	readonly latencyUs: readonly number[];
	readonly ttftUs?: readonly number[];
	readonly failures?: readonly ErrorKind[];
	readonly elapsedMs?: number;
};

export const infoOf = (name: string): EndpointInfo => ({
	name,
	pipeline: 'completions',
	target: 'gateway',
	provider: 'anthropic',
	stream: true,
	url: 'http://127.0.0.1:9/v1',
});

/** A histogram of gatebench's settings holding these µs values. */
export function histogramOf(values: readonly number[]): JsHistogram {
	// gatebench builds JavaScript histograms (not WebAssembly), which expose their buckets.
	const histogram = createHistogram() as JsHistogram;
	for (const value of values) recordUs(histogram, value);
	return histogram;
}

/** A run file made the way a real run makes it: Samples into Accumulators, then the JSON writer. */
export function syntheticRun(
	endpoints: readonly SyntheticEndpoint[],
	startedAt = new Date('2026-01-01T00:00:00Z'),
	finishedAt = new Date('2026-01-01T00:01:00Z'),
) {
	const accumulators = endpoints.map((endpoint, index) => {
		const accumulator = new Accumulator(index, infoOf(endpoint.name), undefined);
		accumulator.start(0n);
		endpoint.latencyUs.forEach((durationUs, seq) => {
			const ttftUs = endpoint.ttftUs?.[seq];
			accumulator.record({endpoint: index, seq, startOffsetUs: seq * 1000, durationUs, outcome: 'ok', bytes: 10, ...(ttftUs === undefined ? {} : {ttftUs})});
		});
		for (const [offset, outcome] of (endpoint.failures ?? []).entries()) {
			accumulator.record({endpoint: index, seq: endpoint.latencyUs.length + offset, startOffsetUs: 0, durationUs: 5, outcome, bytes: 0});
		}

		accumulator.finish(BigInt(Math.round((endpoint.elapsedMs ?? 1000) * 1e6)));
		return accumulator;
	});
	const meta = {version: '0.1.0', startedAt, finishedAt, interrupted: false, mock: true, httpClient: 'undici', load: {concurrency: 2, requests: 10}};
	return jsonSummary(
		meta,
		accumulators.map((accumulator) => accumulator.stats()),
		accumulators.map((accumulator) => accumulator.encodedHistograms() as Record<string, string>),
	);
}

export function writeRun(dir: string, file: string, run: unknown): string {
	const path = join(dir, file);
	writeFileSync(path, JSON.stringify(run, null, 2));
	return path;
}

/** Deterministic µs values around `centreUs` (a triangular spread of ±spreadUs). */
export function valuesAround(count: number, centreUs: number, spreadUs: number, random: () => number): number[] {
	return Array.from({length: count}, () => Math.round(centreUs + (random() - random()) * spreadUs));
}
