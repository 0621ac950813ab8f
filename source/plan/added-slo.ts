import {timeUnits} from './threshold-grammar.js';

/**
 * What an overhead sweep holds each gateway to (`--slo added.p99<5ms`): a percentile of the
 * per-pair differences through the gateway minus directly, below a budget. The metric is total
 * latency unless named (`added.ttft.p99<2ms`); the upstream's record gives `forward`,
 * `first_token` and `last_token` (net of the upstream's own pace).
 */
export const addedMetrics = {
	latency: 'latency',
	ttfb: 'ttfb',
	ttft: 'ttft',
	ttfa: 'ttfa',
	itl: 'itl',
	forward: 'forward',
	first_token: 'firstToken',
	last_token: 'lastToken',
} as const;
export type AddedMetricName = keyof typeof addedMetrics;
/** The percentiles of differences an overhead run reports. */
export const addedPercentiles = [50, 90, 99] as const;

/** Read from the upstream's record: an overhead run without one (a real provider as `--upstream`) has none of these. */
export const witnessedAddedMetrics: ReadonlySet<string> = new Set(['forward', 'firstToken', 'lastToken']);

export type AddedSlo = {
	readonly text: string;
	/** The pair metric's name as the comparison keys it (`firstToken`). */
	readonly metric: (typeof addedMetrics)[AddedMetricName];
	readonly percentile: (typeof addedPercentiles)[number];
	readonly op: '<' | '<=';
	/** ms */
	readonly value: number;
};

export const isAddedSlo = (text: string): boolean => /^\s*added\./.test(text);

/** `added.p99<5ms`, `added.ttft.p50<=500us`; or why it cannot be read (one line). */
export function parseAddedSlo(text: string): AddedSlo | string {
	const example = 'e.g. added.p99<5ms or added.ttft.p50<1ms';
	const match = /^\s*added\.(?:([a-z_]+)\.)?p(\d+)\s*(<=|>=|<|>)\s*(\d+(?:\.\d+)?)\s*([a-zµ]*)\s*$/.exec(text);
	if (!match) return `--slo ${text}: cannot read a budget on what a gateway adds (${example})`;
	const [, metric = 'latency', percentile, op, number, unit = ''] = match;
	if (!Object.hasOwn(addedMetrics, metric))
		return `--slo ${text}: unknown metric "${metric}" (use ${Object.keys(addedMetrics).join(', ')}; latency when left out)`;
	const at = Number(percentile);
	if (!(addedPercentiles as readonly number[]).includes(at)) return `--slo ${text}: the added p50, p90 or p99 is judged`;
	if (op !== '<' && op !== '<=') return `--slo ${text}: a budget is an upper limit (< or <=)`;
	const scale = timeUnits[unit];
	if (scale === undefined) return `--slo ${text}: unknown time unit "${unit}" (use us, ms or s)`;
	return {
		text: text.trim(),
		metric: addedMetrics[metric as AddedMetricName],
		percentile: at as AddedSlo['percentile'],
		op,
		value: Number(number) * scale,
	};
}
