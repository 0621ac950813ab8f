import type {AddedSlo} from '../plan/added-slo.js';
import {holds} from './check-thresholds.js';
import type {SloJudgement, SloVerdict} from './judge-slo.js';
import type {PairedRow} from './paired.js';

/**
 * An overhead sweep's budgets on one gateway's step, judged on the step's pairs: the percentile of
 * the per-pair differences (through the gateway minus directly) with the interval the comparison
 * prints. The budget holds when all of the interval is within it, breaks when none of it is, and
 * is too close to tell in between; with no pairs (every request through the gateway failed) it breaks.
 */
export function judgeAdded(slos: readonly AddedSlo[], paired: PairedRow | undefined): SloJudgement[] {
	return slos.map((slo) => {
		const figure = paired?.metrics[slo.metric]?.figures.find((candidate) => candidate.percentile === slo.percentile);
		if (!figure || !Number.isFinite(figure.differenceMs)) return {expression: slo.text, actual: Number.NaN, verdict: 'fail'};
		const {differenceMs: actual, low, high} = figure;
		const verdict: SloVerdict = holds(high, slo.op, slo.value) ? 'pass' : holds(low, slo.op, slo.value) ? 'borderline' : 'fail';
		return {expression: slo.text, actual, low, high, verdict};
	});
}
