import {formatComparison} from './format-comparison.js';
import {formatWitness} from './format-witness.js';
import type {RunMeta} from '../output/json.js';
import type {Snapshot} from '../stats/run-store.js';
import type {ThresholdResult} from '../stats/check-thresholds.js';
import type {ComparisonRow} from '../stats/bootstrap.js';
import {detailLines, selfCheckLines, thresholdLines} from '../output/details.js';
import {ceilingLine} from '../stats/ceiling-share.js';
import {comparisonTable, errorSection, type Judged} from '../output/table.js';

/** What a finished run left to report (a session's result has it all). */
export type FinishedRun = {
	readonly run: {readonly interrupted: boolean};
	readonly snapshot: Snapshot;
	readonly thresholds: readonly ThresholdResult[];
	readonly comparison: readonly ComparisonRow[];
	/** Columns whose best and worst were judged (unclear ones are not coloured). */
	readonly judged?: Judged;
	/** A witnessed run: what the upstream saw of each endpoint's requests. */
	readonly witness?: RunMeta['witness'];
	/** How close the run came to the client's measured ceiling. */
	readonly ceiling?: RunMeta['ceiling'];
};

/**
 * What a finished run prints, headless or after the console closes: the comparison table,
 * errors, the comparison against the baseline, streaming details and threshold results. The
 * table fits `width` when one is given (the console's terminal).
 */
export function finalReport(result: FinishedRun, colour: boolean, width?: number): string {
	const {endpoints} = result.snapshot;
	const heading = result.ceiling?.ceiling ? `${ceilingLine(result.ceiling)}\n` : '';
	const parts = [heading + comparisonTable(endpoints, colour, width, result.judged)];
	const errors = errorSection(endpoints);
	if (errors) parts.push(errors);
	const comparison = formatComparison(result.comparison, colour);
	if (comparison) parts.push(`\n${comparison}`);
	const witnessed =
		result.witness &&
		formatWitness(
			endpoints.map((stats) => stats.info.name),
			result.witness,
		);
	if (witnessed) parts.push(`\n${witnessed}`);
	for (const text of [detailLines(endpoints), selfCheckLines(endpoints, result.ceiling), thresholdLines(result.thresholds)])
		if (text) parts.push(`\n${text}\n`);
	return parts.join('');
}

/** The run had nothing to measure: every request of every endpoint failed to connect. */
const unreachableKinds = new Set([
	'connection_refused',
	'dns',
	'connect_error',
	'tls_self_signed',
	'tls_expired',
	'tls_hostname',
	'tls_untrusted',
	'tls_error',
]);
function nothingReachable(result: FinishedRun): boolean {
	const {endpoints} = result.snapshot;
	return (
		endpoints.length > 0 &&
		endpoints.every((stats) => stats.successful === 0 && stats.failed > 0 && Object.keys(stats.errors).every((kind) => unreachableKinds.has(kind)))
	);
}

export type ExitCode = 0 | 1 | 2 | 3 | 130;

/** cli.md's exit statuses, the same for both modes, with the line that explains a non-zero one. */
export function exitStatus(result: FinishedRun): {code: ExitCode; reason?: string} {
	if (result.run.interrupted) return {code: 130};
	const failed = result.thresholds.filter((threshold) => !threshold.pass).length;
	if (failed > 0) return {code: 3, reason: `${failed} threshold check(s) failed`};
	if (nothingReachable(result)) return {code: 1, reason: 'no endpoint could be reached'};
	const {endpoints} = result.snapshot;
	// A run that measured nothing measured nothing: a CI job must not pass on it (requests cancelled on purpose were measured).
	if (endpoints.some((stats) => stats.requests > 0) && endpoints.every((stats) => stats.successful === 0 && !stats.cancelled)) {
		return {code: 1, reason: 'no request succeeded'};
	}

	return {code: 0};
}
