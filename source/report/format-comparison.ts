import {paint, type Tone} from '../output/paint.js';
import type {ComparisonRow, PercentileDifference, PercentilePair} from '../stats/bootstrap.js';
import type {PairedFigure, PairedMetric, PairedRow, PairMetric} from '../stats/paired.js';
import {distortedByBuffering, flagText} from '../stats/fidelity-flags.js';

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

export const pairMetricLabels: Readonly<Record<PairMetric, string>> = {
	latency: 'latency',
	ttfb: 'TTFB',
	ttft: 'TTFT',
	ttfa: 'TTFA',
	itl: 'inter-token',
	forward: 'forwarded',
	firstToken: 'first token',
	lastToken: 'last token',
};

/** `slower in 150/150 pairs`, or faster, whichever most pairs were. */
export const pairShare = (metric: PairedMetric): string =>
	metric.faster > metric.slower ? `faster in ${metric.faster}/${metric.pairs} pairs` : `slower in ${metric.slower}/${metric.pairs} pairs`;

const pairedTone = (figure: PairedFigure): Tone => (!figure.clear ? 'dim' : figure.differenceMs > 0 ? 'bad' : 'good');

/** `+39.94 ms [+39.61, +40.22]`: one percentile of the per-pair differences. */
const pairedFigureText = (figure: PairedFigure) => `${signedShort(figure.differenceMs)} ms [${signedShort(figure.low)}, ${signedShort(figure.high)}]`;

/**
 * The headline verdict of one metric pair by pair: `latency p50 +39.9 ms [+39.6, +40.2] slower in
 * 150/150 pairs`, or `… no clear difference (slower in 80/150 pairs)` while its interval spans zero.
 */
export function pairedVerdictText(label: string, metric: PairedMetric, final = false): string {
	const [median] = metric.figures;
	if (!median || !Number.isFinite(median.differenceMs)) return `${label}: not enough pairs${final ? '' : ' yet'}`;
	const judged = median.clear
		? `${median.differenceMs > 0 ? 'slower' : 'faster'} in ${median.differenceMs > 0 ? metric.slower : metric.faster}/${metric.pairs} pairs`
		: `no clear difference${final ? '' : ' yet'} (${pairShare(metric)})`;
	return `${label} p50 ${pairedFigureText(median)} ${judged}`;
}

/** The tone of a paired verdict: its median's. */
export const pairedVerdictTone = (metric: PairedMetric): Tone => (metric.figures[0] ? pairedTone(metric.figures[0]) : 'dim');

/** What a verdict line judges: TTFT for streams (else latency), pair by pair where the run paired them. */
export type VerdictFigures =
	| {readonly paired: true; readonly label: string; readonly metric: PairedMetric}
	| {readonly paired: false; readonly label: string; readonly pair: PercentilePair};

export function verdictFigures(row: ComparisonRow | undefined, ttft: boolean): VerdictFigures | undefined {
	const metrics = row?.paired?.metrics;
	const metric = metrics && ((ttft ? metrics.ttft : undefined) ?? metrics.latency);
	if (metric) return {paired: true, label: metric === metrics.ttft ? 'TTFT' : 'latency', metric};
	const pair = row && ((ttft ? row.ttft : undefined) ?? row.latency);
	return pair ? {paired: false, label: pair === row.ttft ? 'TTFT' : 'latency', pair} : undefined;
}

/**
 * What a gateway adds, live (an overhead run, whose live comparison pairs TTFB too): the p50 of the
 * pairs with its interval and the p99, for TTFB, TTFT (streams) and the whole request, then its
 * flags; undefined until there are pairs.
 */
export function overheadText(row: ComparisonRow | undefined): {readonly text: string; readonly tone: Tone} | undefined {
	const metrics = row?.paired?.metrics;
	if (!metrics) return undefined;
	const parts = (
		[
			['TTFB', metrics.ttfb],
			['TTFT', metrics.ttft],
			['total', metrics.latency],
		] as const
	).flatMap(([label, metric]) => {
		const [median, , p99] = metric?.figures ?? [];
		if (!median || !Number.isFinite(median.differenceMs)) return [];
		return [`${label} ${pairedFigureText(median)}${p99 && Number.isFinite(p99.differenceMs) ? ` p99 ${signedShort(p99.differenceMs)}` : ''}`];
	});
	if (parts.length === 0) return undefined;
	const flags = (row?.flags ?? []).map((flag) => flag.flag.replaceAll('-', ' '));
	const headline = metrics.ttft ?? metrics.latency;
	return {
		text: `adds ${parts.join(' · ')}${flags.length > 0 ? ` · flagged ${flags.join(', ')}` : ''}`,
		tone: flags.length > 0 ? 'bad' : headline ? pairedVerdictTone(headline) : 'dim',
	};
}

/** Before any verdict: judging, or, the run over, nothing to judge. */
export const noVerdictText = (number: number, ttft: boolean, final: boolean): string =>
	final ? `${number} vs 1  nothing to judge: too few replies from both` : `${number} vs 1  judging ${ttft ? 'TTFT' : 'latency'} once both have replies…`;

/**
 * The live verdict of endpoint `number` against the first, as plain text: pair by pair when the
 * run is interleaved, on TTFT for streams (else latency), or `judging … once both have replies`.
 */
export function verdictLine(row: ComparisonRow | undefined, number: number, ttft: boolean, final = false): string {
	if (row?.withheld) return `${number} vs 1  verdict withheld: ${row.withheld}`;
	const figures = verdictFigures(row, ttft);
	if (!figures) return noVerdictText(number, ttft, final);
	return `${number} vs 1  ${figures.paired ? pairedVerdictText(figures.label, figures.metric, final) : verdictText(`${figures.label} p50`, figures.pair.p50, final)}`;
}

const percentLevel = (level: number) => `${(level * 100).toFixed(level >= 0.999 ? 2 : 1).replace(/\.?0+$/, '')} %`;

function pairedLines(row: ComparisonRow, paired: PairedRow, colour: boolean): string[] {
	const lines = [`${row.name} vs ${row.baseline}, pair by pair:`];
	for (const [metric, figures] of Object.entries(paired.metrics) as Array<[PairMetric, PairedMetric]>) {
		const cells = figures.figures.map((figure) => {
			const text = `p${figure.percentile} ${pairedFigureText(figure)}`;
			return paint(figure.clear ? text : `${text} unclear`, pairedTone(figure), colour);
		});
		lines.push(`  ${pairMetricLabels[metric].padEnd(11)} ${cells.join('  ')}  ${pairShare(figures)}`);
	}

	const unpaired = unpairedCells(row, colour);
	if (unpaired.length > 0) lines.push(`  difference of percentiles (unpaired, not the verdict): ${unpaired.join('  ')}`);
	return lines;
}

/**
 * Under an endpoint's figures: the flags raised against the baseline, the verdict withheld and
 * why, and the stream metrics buffering makes look better than they are.
 */
function flagLines(row: ComparisonRow, colour: boolean): string[] {
	const flags = row.flags ?? [];
	if (flags.length === 0) return [];
	const lines = flags.map((flag) => paint(`  flagged ${flagText(flag)}`, 'bad', colour));
	if (row.withheld) lines.push(paint(`  verdict withheld: it did not deliver what the baseline did, so neither faster nor slower is said`, 'bad', colour));
	if (flags.some((flag) => flag.flag === 'buffered')) {
		lines.push(`  ${distortedByBuffering.join(', ')} of ${row.name} count apart events that arrived together: distorted by buffering, not better`);
	}

	if (flags.some((flag) => flag.flag === 'usage-changed'))
		lines.push(`  TPOT and tokens/s of ${row.name} divide by its usage, which counts otherwise: not comparable`);

	return lines;
}

function unpairedCells(row: ComparisonRow, colour: boolean): string[] {
	const cells: string[] = [];
	if (row.latency) cells.push(cell('p50', row.latency.p50, colour), cell('p95', row.latency.p95, colour));
	if (row.ttft) cells.push(cell('TTFT p50', row.ttft.p50, colour), cell('TTFT p95', row.ttft.p95, colour));
	return cells;
}

/**
 * Each endpoint against the baseline, under a heading that says how it was judged; empty when
 * there is nothing to compare. Interleaved runs, pair by pair: a line per metric with the p50, p90
 * and p99 of the per-pair differences and the share of pairs slower, then the difference of the
 * endpoints' own percentiles. Otherwise (unpaired) one line per endpoint, e.g.
 * `fireworks: gateway vs anthropic: gateway  p50 +12.31 ms [+10.02, +14.80]  p95 …  TTFT p50 …  TTFT p95 …`.
 */
export function formatComparison(rows: readonly ComparisonRow[], colour: boolean): string {
	if (rows.length === 0) return '';
	const level = rows.find((row) => row.paired)?.paired?.level;
	const heading =
		level === undefined
			? "Difference from the baseline (unpaired: candidate − baseline of each one's percentiles, bootstrap 95% confidence interval):"
			: `Difference from the baseline (paired: request i of each against request i of the first, candidate − baseline, ms; each interval ${percentLevel(level)}, so that all of one endpoint's hold together 95 % of the time):`;
	const lines = rows.flatMap((row) => {
		const notes = flagLines(row, colour);
		if (row.paired && Object.keys(row.paired.metrics).length > 0) return [...pairedLines(row, row.paired, colour), ...notes];
		const cells = [`${row.name} vs ${row.baseline}`, ...unpairedCells(row, colour)];
		if (!row.latency && !row.ttft) cells.push('nothing to compare (no successful requests)');
		return [cells.join('  '), ...notes];
	});
	return [heading, ...lines].join('\n') + '\n';
}
