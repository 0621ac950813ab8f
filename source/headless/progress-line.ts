import {progressFraction} from '../stats/progress.js';
import type {Snapshot} from '../stats/run-store.js';

/** One line about the endpoint being measured, e.g. for stderr once a second. */
export function progressLine(snapshot: Snapshot): string | undefined {
	const index = snapshot.current;
	if (index === null) return undefined;
	const stats = snapshot.endpoints[index];
	if (!stats) return undefined;
	const fraction = progressFraction(stats);
	const parts = [
		`[${index + 1}/${snapshot.endpoints.length}] ${stats.info.name}`,
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
