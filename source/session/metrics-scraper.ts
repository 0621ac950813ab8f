import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import {sanitize} from '../engine/sanitize.js';
import {knownNames, readingOf, type Scrape, ServerSeriesBuilder} from '../stats/server-metrics.js';

/** About three times a second, as AIPerf scrapes (every 333 ms). */
export const scrapeIntervalMs = 333;
const timeoutMs = 1000;
/** A metrics page larger than this is cut: vLLM's, with every histogram, is ~100 KB. */
const pageCap = 4 * 1024 * 1024;

/** The address as shown and kept: never a password it may carry. */
export const shownUrl = (url: string): string => {
	try {
		const parsed = new URL(url);
		parsed.username = '';
		parsed.password = '';
		return parsed.href;
	} catch {
		return sanitize(url, 200);
	}
};

/** The samples of the lines worth reading, each name's values summed over its label sets. */
export function scrapeOf(page: string, match: RegExp | undefined): Scrape {
	// Only the wanted sample lines go to the parser, without their TYPE lines: its histogram reading
	// drops the labels, `_sum` and `_count` of a labelled histogram (parse-prometheus-text-format
	// 1.1), and as untyped samples each keeps its own; a page's other lines cost nothing.
	const wanted = page.split('\n').filter((line) => {
		if (line === '' || line.startsWith('#')) return false;
		const end = line.search(/[{ \t]/);
		const name = end === -1 ? line : line.slice(0, end);
		return knownNames.has(name) || (match?.test(name) ?? false);
	});
	const scrape = new Map<string, number>();
	for (const family of parsePrometheusTextFormat(wanted.join('\n') + '\n')) {
		const values = family.metrics.map((sample) => Number(sample.value)).filter((value) => Number.isFinite(value));
		if (values.length > 0)
			scrape.set(
				family.name,
				values.reduce((sum, value) => sum + value, 0),
			);
	}

	return scrape;
}

export type MetricsTarget = {readonly url: string; readonly endpoint: number | null};

/**
 * Scrapes each server's Prometheus page every 333 ms from the run's start until `stop`, one request
 * at a time per server; a failed scrape is counted and said, never fatal. `onReading` hears each
 * one (the live screen's figures).
 */
export class MetricsScraper {
	readonly servers: ServerSeriesBuilder[];
	private readonly match: RegExp | undefined;
	private readonly startedAt = performance.now();
	/** Each server's next scrape. */
	private readonly timers = new Map<number, NodeJS.Timeout>();
	private stopped = false;
	private readonly inFlight = new Set<Promise<void>>();
	private readonly onReading: () => void;

	constructor(targets: readonly MetricsTarget[], match: RegExp | undefined, onReading: () => void) {
		this.servers = targets.map((target) => new ServerSeriesBuilder(shownUrl(target.url), target.endpoint));
		this.match = match;
		this.onReading = onReading;
		targets.forEach((target, index) => this.loop(index, target.url, this.servers[index]!));
	}

	private loop(index: number, url: string, server: ServerSeriesBuilder): void {
		let previous: Scrape | undefined;
		const tick = () => {
			if (this.stopped) return;
			const second = (performance.now() - this.startedAt) / 1000;
			const scrape = this.scrapeOnce(url).then(
				(page) => {
					const current = scrapeOf(page, this.match);
					server.add(
						second,
						readingOf(
							current,
							previous,
							[...current.keys()].filter((name) => !knownNames.has(name)),
						),
					);
					previous = current;
				},
				(error: unknown) =>
					server.fail(sanitize(error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error), 200)),
			);
			const done = scrape.then(() => {
				this.inFlight.delete(done);
				this.onReading();
				if (!this.stopped) this.timers.set(index, setTimeout(tick, scrapeIntervalMs).unref());
			});
			this.inFlight.add(done);
		};

		tick();
	}

	private async scrapeOnce(url: string): Promise<string> {
		const response = await fetch(url, {signal: AbortSignal.timeout(timeoutMs), headers: {accept: 'text/plain'}});
		if (!response.ok) throw new Error(`HTTP ${response.status}`);
		const page = await response.text();
		return page.length > pageCap ? page.slice(0, page.lastIndexOf('\n', pageCap)) : page;
	}

	/** Stops scraping, once the scrapes under way are in. */
	async stop(): Promise<void> {
		this.stopped = true;
		for (const timer of this.timers.values()) clearTimeout(timer);
		this.timers.clear();
		await Promise.all(this.inFlight);
	}
}
