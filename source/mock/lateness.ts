/** 0.1 ms buckets up to 10 s: exact to a tenth of a millisecond, 400 KB, no allocation per record. */
const bucketMs = 0.1;
const buckets = 100_000;

export type LatenessDump = {readonly buckets: ReadonlyArray<readonly [number, number]>; readonly count: number; readonly maxMs: number};

export type LatenessSummary = {readonly count: number; readonly p50Ms: number; readonly p99Ms: number; readonly maxMs: number};

/**
 * How late the mock itself wrote what was due: a busy mock (one core, thousands of streams) falls
 * behind its own timings, and a client measuring it sees that lateness as the server's, rightly.
 * Knowing it separates the server's share of an error from the client's.
 */
export class Lateness {
	private readonly counts = new Uint32Array(buckets);
	private count = 0;
	private maxMs = 0;

	record(ms: number): void {
		const late = Math.max(0, ms);
		this.counts[Math.min(buckets - 1, Math.floor(late / bucketMs))]!++;
		this.count++;
		if (late > this.maxMs) this.maxMs = late;
	}

	summary(): LatenessSummary {
		const at = (percentile: number) => {
			const rank = Math.max(1, Math.ceil((percentile / 100) * this.count));
			let seen = 0;
			for (let index = 0; index < buckets; index++) {
				seen += this.counts[index]!;
				if (seen >= rank) return Math.min(this.maxMs, (index + 1) * bucketMs);
			}

			return this.maxMs;
		};

		const round = (ms: number) => Math.round(ms * 100) / 100;
		return this.count === 0
			? {count: 0, p50Ms: 0, p99Ms: 0, maxMs: 0}
			: {count: this.count, p50Ms: round(at(50)), p99Ms: round(at(99)), maxMs: round(this.maxMs)};
	}

	/** The non-empty buckets, for adding up several processes' records. */
	dump(): LatenessDump {
		const buckets: Array<[number, number]> = [];
		for (let index = 0; index < this.counts.length; index++) if (this.counts[index]) buckets.push([index, this.counts[index]!]);
		return {buckets, count: this.count, maxMs: this.maxMs};
	}

	/** Adds another record's dump (exact: the same buckets). */
	add({buckets: others, count, maxMs}: LatenessDump): void {
		for (const [index, value] of others) if (index >= 0 && index < buckets) this.counts[index]! += value;
		this.count += count;
		this.maxMs = Math.max(this.maxMs, maxMs);
	}

	reset(): void {
		this.counts.fill(0);
		this.count = 0;
		this.maxMs = 0;
	}
}

/** Every token the mocks of this process wrote, first tokens apart (`gatebench mock` runs one mock: its own). */
export const tokenLateness = {first: new Lateness(), later: new Lateness()};

/** What `/mock/timing` answers: first and later tokens. */
export type TimingDump = {readonly firstToken: LatenessDump; readonly laterTokens: LatenessDump};

export const timingDump = (): TimingDump => ({firstToken: tokenLateness.first.dump(), laterTokens: tokenLateness.later.dump()});

export function resetTiming(): void {
	tokenLateness.first.reset();
	tokenLateness.later.reset();
}

/** The summary of several processes' dumps added up. */
export function summaryOf(dumps: readonly TimingDump[]): {firstToken: LatenessSummary; laterTokens: LatenessSummary} {
	const first = new Lateness();
	const later = new Lateness();
	for (const dump of dumps) {
		first.add(dump.firstToken);
		later.add(dump.laterTokens);
	}

	return {firstToken: first.summary(), laterTokens: later.summary()};
}
