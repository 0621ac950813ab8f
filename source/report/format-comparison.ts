import {paint, type Tone} from '../output/paint.js';
import type {ComparisonRow, PercentileDifference} from '../stats/bootstrap.js';

const signed = (value: number) => `${value >= 0 ? '+' : '-'}${Math.abs(value).toFixed(2)}`;

/** Slower than the baseline is bad, faster good, and an interval spanning zero says nothing. */
const toneOf = (difference: PercentileDifference): Tone => (!difference.clear ? 'dim' : difference.differenceMs > 0 ? 'bad' : 'good');

function cell(label: string, difference: PercentileDifference, colour: boolean): string {
	const text = `${label} ${signed(difference.differenceMs)} ms [${signed(difference.low)}, ${signed(difference.high)}]`;
	return paint(difference.clear ? text : `${text} no clear difference`, toneOf(difference), colour);
}

/** A live figure: as many decimals as stay readable, with its sign. */
const signedShort = (value: number) => {
	const size = Math.abs(value);
	return `${value >= 0 ? '+' : '-'}${size >= 100 ? size.toFixed(0) : size >= 10 ? size.toFixed(1) : size.toFixed(2)}`;
};

/**
 * One percentile judged while a comparison runs: `TTFT p50 +31.0 ms [+24.2, +38.1] slower`, or
 * `… no clear difference yet` while the interval still spans zero (`final`: the run is over, no "yet").
 */
export function verdictText(label: string, difference: PercentileDifference, final = false): string {
	if (!Number.isFinite(difference.differenceMs)) return `${label}: not enough replies${final ? '' : ' yet'}`;
	const figures = `${label} ${signedShort(difference.differenceMs)} ms [${signedShort(difference.low)}, ${signedShort(difference.high)}]`;
	return `${figures} ${difference.clear ? (difference.differenceMs > 0 ? 'slower' : 'faster') : `no clear difference${final ? '' : ' yet'}`}`;
}

/** The tone a verdict is shown in: slower bad, faster good, unclear dim. */
export const verdictTone = toneOf;

/**
 * One line per endpoint against the baseline, e.g.
 * `fireworks: gateway vs anthropic: gateway  p50 +12.31 ms [+10.02, +14.80]  p95 …  TTFT p50 …  TTFT p95 …`,
 * under a heading; empty when there is nothing to compare.
 */
export function formatComparison(rows: readonly ComparisonRow[], colour: boolean): string {
	if (rows.length === 0) return '';
	const lines = rows.map((row) => {
		const cells = [`${row.name} vs ${row.baseline}`];
		if (row.latency) cells.push(cell('p50', row.latency.p50, colour), cell('p95', row.latency.p95, colour));
		if (row.ttft) cells.push(cell('TTFT p50', row.ttft.p50, colour), cell('TTFT p95', row.ttft.p95, colour));
		if (!row.latency && !row.ttft) cells.push('nothing to compare (no successful requests)');
		return cells.join('  ');
	});
	return ['Difference from the baseline (candidate − baseline, bootstrap 95% confidence interval):', ...lines].join('\n') + '\n';
}
