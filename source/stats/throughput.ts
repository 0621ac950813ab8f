/** Seconds of throughput kept for the chart: ten minutes. */
const keptSeconds = 600;

/**
 * Completed requests per second of an endpoint's run, by when each reply ended (µs since the
 * endpoint started). Only whole seconds are reported: the one still going would always dip.
 */
export class Throughput {
	private readonly counts: number[] = [];
	/** The second `counts[0]` stands for. */
	private firstSecond = 0;

	record(endUs: number): void {
		const second = Math.max(0, Math.floor(endUs / 1e6));
		if (second < this.firstSecond) return;
		while (this.firstSecond + this.counts.length <= second) this.counts.push(0);
		const index = second - this.firstSecond;
		this.counts[index] = (this.counts[index] ?? 0) + 1;
		const excess = this.counts.length - (keptSeconds + 1);
		if (excess > 0) {
			this.counts.splice(0, excess);
			this.firstSecond += excess;
		}
	}

	/** Requests completed in each whole second so far, oldest first (up to ten minutes). */
	perSecond(): number[] {
		return this.counts.slice(0, -1);
	}
}
