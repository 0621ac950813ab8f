import {verdictLine} from '../report/format-comparison.js';
import type {EndpointStats} from '../stats/endpoint-stats.js';
import {progressFraction} from '../stats/progress.js';
import type {Snapshot} from '../stats/run-store.js';

/** One endpoint's progress: `[2/7] name  500/1000 (50%)  100.0 req/s  p50 10.50 ms  …`. */
function endpointLine(stats: EndpointStats, count: number): string {
	const fraction = progressFraction(stats);
	const parts = [
		`[${stats.index + 1}/${count}] ${stats.info.name}`,
		stats.state === 'warmup' ? 'warming up' : `${stats.requests}/${stats.planned ?? '?'} (${Math.floor(fraction * 100)}%)`,
		`${stats.requestsPerSecond.toFixed(1)} req/s`,
		stats.successful > 0 ? `p50 ${stats.latency.p50.toFixed(2)} ms` : undefined,
		stats.ttft ? `ttft p50 ${stats.ttft.p50.toFixed(2)} ms` : undefined,
		stats.failed > 0 ? `${stats.failed} failed` : undefined,
		`${(stats.elapsedMs / 1000).toFixed(1)} s`,
		stats.selfCheck.clientBound ? `⚠ ${stats.selfCheck.warnings[0]?.split(':')[0] ?? 'client-bound'}` : undefined,
	];
	return parts.filter(Boolean).join('  ');
}

/**
 * What the run is doing, e.g. for stderr once a second: the endpoint being measured, or, while an
 * interleaved comparison runs them together, a line for each and the live verdict of each against
 * the first (`2 vs 1  TTFT p50 +40.1 ms [+38.2, +41.9] slower in 120/120 pairs`).
 */
export function progressLine(snapshot: Snapshot): string | undefined {
	const count = snapshot.endpoints.length;
	const together = snapshot.endpoints.filter((stats) => stats.state === 'running' || stats.state === 'warmup');
	if (together.length > 1) {
		const ttft = snapshot.endpoints.some((stats) => stats.ttft);
		const verdicts = snapshot.endpoints.slice(1).map((_, index) => verdictLine(snapshot.comparison[index], index + 2, ttft));
		return [...together.map((stats) => endpointLine(stats, count)), ...verdicts].join('\n');
	}

	const stats = snapshot.current === null ? undefined : snapshot.endpoints[snapshot.current];
	return stats && endpointLine(stats, count);
}
