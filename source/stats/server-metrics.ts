/**
 * What a model server says of itself on its Prometheus `/metrics` page, beside what the client
 * measures: how many requests it runs and queues, how full its KV cache is, how often its prefix
 * cache hits, how long requests queue. The series of vLLM (v0 and v1), SGLang, TGI and LiteLLM are
 * known by name; others are kept by name when `--metrics-match` names them.
 */

/** The figures every server is asked for, whatever it calls them. */
export type ServerRole = 'running' | 'waiting' | 'kvCacheUse' | 'prefixHitRate' | 'queueTimeMs';

export const serverRoles: readonly ServerRole[] = ['running', 'waiting', 'kvCacheUse', 'prefixHitRate', 'queueTimeMs'];

/** Gauges read as they are (summed over label sets: engines, ranks, models); `scale` turns a fraction into %. */
const gauges: Readonly<Record<ServerRole, readonly string[]>> = {
	running: [
		'vllm:num_requests_running',
		'sglang:num_running_reqs',
		'tgi_batch_current_size',
		'litellm_in_flight_requests',
		'gatebench_mock_requests_in_service',
	],
	waiting: ['vllm:num_requests_waiting', 'sglang:num_queue_reqs', 'tgi_queue_size', 'gatebench_mock_requests_queued'],
	kvCacheUse: ['vllm:kv_cache_usage_perc', 'vllm:gpu_cache_usage_perc', 'sglang:token_usage'],
	prefixHitRate: ['vllm:gpu_prefix_cache_hit_rate', 'sglang:cache_hit_rate'],
	queueTimeMs: [],
};

/** Fractions (0–1) shown as percentages. */
const percentRoles = new Set<ServerRole>(['kvCacheUse', 'prefixHitRate']);

/** vLLM v1 counts prefix-cache hits and queries: the hit rate is their growth's ratio between scrapes. */
const prefixCounters = {hits: 'vllm:prefix_cache_hits_total', queries: 'vllm:prefix_cache_queries_total'};

/** Queue-time histograms, seconds: the mean time queued by the requests that left the queue between scrapes. */
const queueHistograms = ['vllm:request_queue_time_seconds', 'tgi_request_queue_duration', 'sglang:queue_time_seconds'];

/** Every sample name the known series need. */
export const knownNames: ReadonlySet<string> = new Set([
	...Object.values(gauges).flat(),
	prefixCounters.hits,
	prefixCounters.queries,
	...queueHistograms.flatMap((name) => [`${name}_sum`, `${name}_count`]),
]);

/** One scrape: each wanted sample name's value, summed over its label sets. */
export type Scrape = ReadonlyMap<string, number>;

/** What one scrape says, known roles and matched names; null where a figure needs a previous scrape or is missing. */
export type ServerReading = {readonly roles: Readonly<Partial<Record<ServerRole, number>>>; readonly matched: Readonly<Record<string, number>>};

function firstOf(scrape: Scrape, names: readonly string[]): number | undefined {
	for (const name of names) {
		const value = scrape.get(name);
		if (value !== undefined) return value;
	}

	return undefined;
}

/** A scrape read against the one before it (counters and histograms grow: their change is what happened). */
export function readingOf(scrape: Scrape, previous: Scrape | undefined, matchedNames: readonly string[]): ServerReading {
	const roles: Partial<Record<ServerRole, number>> = {};
	for (const role of serverRoles) {
		const value = firstOf(scrape, gauges[role]);
		if (value !== undefined) roles[role] = percentRoles.has(role) ? value * 100 : value;
	}

	const grew = (name: string) => {
		const now = scrape.get(name);
		const before = previous?.get(name);
		return now === undefined || before === undefined ? undefined : now - before;
	};

	const queries = grew(prefixCounters.queries);
	const hits = grew(prefixCounters.hits);
	if (roles.prefixHitRate === undefined && queries !== undefined && hits !== undefined && queries > 0) roles.prefixHitRate = (hits / queries) * 100;
	for (const name of queueHistograms) {
		const count = grew(`${name}_count`);
		const sum = grew(`${name}_sum`);
		if (count !== undefined && sum !== undefined && count > 0) {
			roles.queueTimeMs = (sum / count) * 1000;
			break;
		}
	}

	const matched: Record<string, number> = {};
	for (const name of matchedNames) {
		const value = scrape.get(name);
		if (value !== undefined) matched[name] = value;
	}

	return {roles, matched};
}

/** One scraped server's figures second by second, as the JSON keeps them (the last reading of each second). */
export type ServerSeries = {
	readonly url: string;
	/** The endpoint this server serves (its index), when the run says. */
	readonly endpoint: number | null;
	readonly scrapes: number;
	readonly failures: number;
	readonly lastError: string | null;
	/** Each second of the run: the figure, or null where no scrape read it. */
	readonly series: Readonly<Record<string, ReadonlyArray<number | null>>>;
};

/** Keeps a server's readings second by second and its latest for the live screen. */
export class ServerSeriesBuilder {
	private readonly seconds: Array<{roles: Partial<Record<ServerRole, number>>; matched: Record<string, number>}> = [];
	private latestReading: ServerReading | undefined;
	private scrapes = 0;
	private failures = 0;
	private lastError: string | null = null;
	readonly url: string;
	readonly endpoint: number | null;

	constructor(url: string, endpoint: number | null) {
		this.url = url;
		this.endpoint = endpoint;
	}

	add(second: number, reading: ServerReading): void {
		this.scrapes++;
		this.latestReading = reading;
		const at = Math.max(0, Math.floor(second));
		while (this.seconds.length <= at) this.seconds.push({roles: {}, matched: {}});
		const slot = this.seconds[at]!;
		Object.assign(slot.roles, reading.roles);
		Object.assign(slot.matched, reading.matched);
	}

	fail(error: string): void {
		this.failures++;
		this.lastError = error;
	}

	latest(): ServerNow {
		return {url: this.url, endpoint: this.endpoint, roles: this.latestReading?.roles ?? {}, failures: this.failures, lastError: this.lastError};
	}

	toJSON(): ServerSeries {
		const names = new Set(this.seconds.flatMap((slot) => Object.keys(slot.matched)));
		const round = (value: number | undefined) => (value === undefined ? null : Math.round(value * 1000) / 1000);
		const series: Record<string, Array<number | null>> = {};
		for (const role of serverRoles)
			if (this.seconds.some((slot) => slot.roles[role] !== undefined)) series[role] = this.seconds.map((slot) => round(slot.roles[role]));
		for (const name of names) series[name] = this.seconds.map((slot) => round(slot.matched[name]));
		return {url: this.url, endpoint: this.endpoint, scrapes: this.scrapes, failures: this.failures, lastError: this.lastError, series};
	}
}

/** A server's latest figures, for the live screen. */
export type ServerNow = {
	readonly url: string;
	readonly endpoint: number | null;
	readonly roles: Readonly<Partial<Record<ServerRole, number>>>;
	readonly failures: number;
	readonly lastError: string | null;
};

const shortRole: Record<ServerRole, (value: number) => string> = {
	running: (value) => `running ${Math.round(value)}`,
	waiting: (value) => `waiting ${Math.round(value)}`,
	kvCacheUse: (value) => `KV ${Math.round(value)}%`,
	prefixHitRate: (value) => `prefix hits ${Math.round(value)}%`,
	queueTimeMs: (value) => `queued ${value.toFixed(1)} ms`,
};

/** One line of what a server says now: `server: running 12 · waiting 3 · KV 45%`. */
export function serverLine(now: ServerNow): string {
	const parts = serverRoles.flatMap((role) => (now.roles[role] === undefined ? [] : [shortRole[role](now.roles[role])]));
	if (parts.length === 0) return now.lastError ? `server metrics: ${now.lastError}` : 'server metrics: none known yet';
	return `server: ${parts.join(' · ')}`;
}
