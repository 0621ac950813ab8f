import type {Snapshot} from '../stats/run-store.js';

/** One line about the endpoint being measured, e.g. for stderr once a second. */
export function progressLine(snapshot: Snapshot): string | undefined {
	const index = snapshot.current;
	if (index === null) return undefined;
	const stats = snapshot.endpoints[index];
	if (!stats) return undefined;
	const percent = stats.planned > 0 ? Math.floor((stats.requests / stats.planned) * 100) : 0;
	const parts = [
		`[${index + 1}/${snapshot.endpoints.length}] ${stats.info.name}`,
		`${stats.requests}/${stats.planned} (${percent}%)`,
		`${stats.requestsPerSecond.toFixed(1)} req/s`,
		stats.successful > 0 ? `p50 ${stats.latency.p50.toFixed(2)} ms` : undefined,
		stats.ttft ? `ttft p50 ${stats.ttft.p50.toFixed(2)} ms` : undefined,
		stats.failed > 0 ? `${stats.failed} failed` : undefined,
		`${(stats.elapsedMs / 1000).toFixed(1)} s`,
	];
	return parts.filter(Boolean).join('  ');
}
