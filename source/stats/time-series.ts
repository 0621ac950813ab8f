/** Upper edges of the latency buckets kept per second, ms (the last bucket holds everything slower). */
export const seriesBucketEdgesMs: readonly number[] = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 30_000, 60_000];

/** Seconds kept per endpoint: a day. */
const keptSeconds = 86_400;

/**
 * An endpoint's run second by second, compact enough for the JSON (a few numbers a second): requests
 * sent and completed, failures, and successful requests' latencies in coarse buckets. Index i is
 * second i since the endpoint started; sends count when sent, the rest when the reply ended.
 */
export type SecondSeries = {
	readonly intervalMs: number;
	readonly bucketEdgesMs: readonly number[];
	readonly sent: readonly number[];
	readonly completed: readonly number[];
	readonly errors: readonly number[];
	/** Per second, the count in each bucket (one more than the edges); trailing empty buckets left off. */
	readonly latency: ReadonlyArray<readonly number[]>;
};

const bucketOf = (ms: number): number => {
	const index = seriesBucketEdgesMs.findIndex((edge) => ms <= edge);
	return index === -1 ? seriesBucketEdgesMs.length : index;
};

export class TimeSeries {
	private readonly sent: number[] = [];
	private readonly completed: number[] = [];
	private readonly errors: number[] = [];
	private readonly latency: number[][] = [];

	/** A finished request: sent at `startUs`, its reply ended `durationUs` later (µs since the endpoint started). */
	record(startUs: number, durationUs: number, ok: boolean): void {
		const sentAt = this.second(startUs);
		const endedAt = this.second(startUs + durationUs);
		if (sentAt !== undefined) this.sent[sentAt] = (this.sent[sentAt] ?? 0) + 1;
		if (endedAt === undefined) return;
		this.completed[endedAt] = (this.completed[endedAt] ?? 0) + 1;
		if (!ok) {
			this.errors[endedAt] = (this.errors[endedAt] ?? 0) + 1;
			return;
		}

		const buckets = (this.latency[endedAt] ??= []);
		const bucket = bucketOf(durationUs / 1000);
		buckets[bucket] = (buckets[bucket] ?? 0) + 1;
	}

	/** The series so far, every second filled (zeros where nothing happened). */
	toJSON(): SecondSeries {
		const length = Math.max(this.sent.length, this.completed.length);
		const filled = (values: readonly number[]) => Array.from({length}, (_, index) => values[index] ?? 0);
		return {
			intervalMs: 1000,
			bucketEdgesMs: seriesBucketEdgesMs,
			sent: filled(this.sent),
			completed: filled(this.completed),
			errors: filled(this.errors),
			latency: Array.from({length}, (_, index) => Array.from(this.latency[index] ?? [], (count) => count ?? 0)),
		};
	}

	private second(us: number): number | undefined {
		const second = Math.max(0, Math.floor(us / 1e6));
		return second < keptSeconds ? second : undefined;
	}
}

/**
 * Series of runs merged: runs side by side (`concurrent`) add up second by second; runs one after
 * another follow each other.
 */
export function mergeSeries(series: readonly SecondSeries[], concurrent: boolean): SecondSeries | undefined {
	if (series.length === 0) return undefined;
	const add = (a: readonly number[], b: readonly number[]) =>
		Array.from({length: Math.max(a.length, b.length)}, (_, index) => (a[index] ?? 0) + (b[index] ?? 0));
	const join = <T>(pick: (one: SecondSeries) => readonly T[], combine: (a: readonly T[], b: readonly T[]) => T[]) =>
		series.map(pick).reduce<T[]>((merged, next) => (concurrent ? combine(merged, next) : [...merged, ...next]), []);
	return {
		intervalMs: 1000,
		bucketEdgesMs: seriesBucketEdgesMs,
		sent: join((one) => one.sent, add),
		completed: join((one) => one.completed, add),
		errors: join((one) => one.errors, add),
		latency: join(
			(one) => one.latency,
			(a, b) => Array.from({length: Math.max(a.length, b.length)}, (_, index) => add(a[index] ?? [], b[index] ?? [])),
		),
	};
}

/** One second of a run as a chart draws it. */
export type SecondPoint = {
	/** Seconds since the endpoint started (the end of this interval). */
	readonly second: number;
	/** Per second, over the interval. */
	readonly completed: number;
	readonly errors: number;
	/** Requests sent and not yet answered at the end of the second (exact: sends and ends are both counted). */
	readonly inFlight: number;
	/** Successful requests' latency that second, read from the coarse buckets (null: none succeeded). */
	readonly p50Ms: number | null;
	readonly p95Ms: number | null;
};

/**
 * A percentile of one second's latency buckets, interpolated within its bucket (evenly between the
 * bucket's edges; the last bucket ends at `maxMs`): coarse, for the shape of a run, not its figures.
 */
export function bucketPercentileMs(counts: readonly number[], edgesMs: readonly number[], percentile: number, maxMs: number): number | null {
	const total = counts.reduce((sum, count) => sum + count, 0);
	if (total === 0) return null;
	const rank = (percentile / 100) * total;
	let below = 0;
	for (const [index, count] of counts.entries()) {
		if (count === 0 || below + count < rank) {
			below += count;
			continue;
		}

		const low = index === 0 ? 0 : (edgesMs[index - 1] ?? 0);
		const high = Math.max(edgesMs[index] ?? maxMs, low);
		return Math.min(low + ((high - low) * (rank - below)) / count, maxMs);
	}

	return Math.min(edgesMs.at(-1) ?? maxMs, maxMs);
}

/** Every `factor` intervals as one (counts and latency buckets added): a long run drawn in a few hundred points. */
export function coarsen(series: SecondSeries, factor: number): SecondSeries {
	if (factor <= 1) return series;
	const group = <T>(values: readonly T[], combine: (part: readonly T[]) => T) =>
		Array.from({length: Math.ceil(values.length / factor)}, (_, index) => combine(values.slice(index * factor, (index + 1) * factor)));
	const sum = (part: readonly number[]) => part.reduce((total, value) => total + value, 0);
	return {
		intervalMs: series.intervalMs * factor,
		bucketEdgesMs: series.bucketEdgesMs,
		sent: group(series.sent, sum),
		completed: group(series.completed, sum),
		errors: group(series.errors, sum),
		latency: group(series.latency, (part) =>
			Array.from({length: Math.max(0, ...part.map((buckets) => buckets.length))}, (_, bucket) => sum(part.map((buckets) => buckets[bucket] ?? 0))),
		),
	};
}

/** Points drawn per series at most: a day's run stays a small page. */
const maxPoints = 600;

/**
 * The series interval by interval (seconds, or several seconds each on runs longer than 600 s):
 * completions and failures per second, requests in flight at the interval's end, and latency p50 and p95.
 */
export function secondPoints(raw: SecondSeries, maxMs: number): SecondPoint[] {
	const series = coarsen(raw, Math.ceil(raw.completed.length / maxPoints));
	const seconds = series.intervalMs / 1000;
	let sent = 0;
	let completed = 0;
	return series.completed.map((count, index) => {
		sent += series.sent[index] ?? 0;
		completed += count;
		const buckets = series.latency[index] ?? [];
		return {
			second: (index + 1) * seconds,
			completed: count / seconds,
			errors: (series.errors[index] ?? 0) / seconds,
			inFlight: Math.max(sent - completed, 0),
			p50Ms: bucketPercentileMs(buckets, series.bucketEdgesMs, 50, maxMs),
			p95Ms: bucketPercentileMs(buckets, series.bucketEdgesMs, 95, maxMs),
		};
	});
}
