import type {Comparison, ComparisonRow, PercentileDifference, PercentilePair} from '../stats/comparison.js';
import type {PairedFigure, PairedMetric, PairedRow} from '../stats/paired.js';

/** Full precision (the report prints what the run printed, digit for digit); null where there is no figure. */
const figure = (value: number) => (Number.isFinite(value) ? value : null);

const percentileJson = ({percentile, differenceMs, low, high, clear}: PairedFigure) => ({
	percentile,
	differenceMs: figure(differenceMs),
	low: figure(low),
	high: figure(high),
	clear,
});

const pairedMetricJson = ({pairs, slower, faster, kept, figures}: PairedMetric) => ({pairs, slower, faster, kept, figures: figures.map(percentileJson)});

const pairedJson = (paired: PairedRow) => ({
	level: paired.level,
	metrics: Object.fromEntries(Object.entries(paired.metrics).map(([metric, value]) => [metric, pairedMetricJson(value)])),
});

const differenceJson = ({baselineMs, candidateMs, differenceMs, low, high, clear}: PercentileDifference) => ({
	baselineMs: figure(baselineMs),
	candidateMs: figure(candidateMs),
	differenceMs: figure(differenceMs),
	low: figure(low),
	high: figure(high),
	clear,
});

const pairJson = (pair: PercentilePair | null) => pair && {p50: differenceJson(pair.p50), p95: differenceJson(pair.p95)};

/**
 * A run's comparison as the JSON keeps it: each endpoint against the first, pair by pair in an
 * interleaved run (`paired`), and the difference of the two endpoints' own percentiles (`unpaired`).
 */
export function comparisonJson(comparison: Comparison | undefined) {
	if (!comparison) return null;
	return {
		paired: comparison.paired,
		seed: comparison.seed,
		against: comparison.rows.map(comparisonRowJson),
	};
}

/** One endpoint against the baseline, as the JSON keeps it. */
export const comparisonRowJson = (row: ComparisonRow) => ({
	endpoint: row.name,
	baseline: row.baseline,
	paired: row.paired ? pairedJson(row.paired) : null,
	unpaired: {latency: pairJson(row.latency), ttft: pairJson(row.ttft)},
	/** Fidelity flags raised against the baseline, and why no verdict is said when one withholds it (null: said). */
	flags: row.flags ?? [],
	withheld: row.withheld ?? null,
});

export type ComparisonJson = NonNullable<ReturnType<typeof comparisonJson>>;
