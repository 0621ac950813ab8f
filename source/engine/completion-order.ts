import type {Sample} from './endpoint.js';

/**
 * Merges the threads' batches into one stream in completion order: a sample is passed on once every
 * thread still measuring has reported up to its completion, so no later batch can hold an earlier one.
 */
export class CompletionOrder {
	private pending: Array<{readonly sample: Sample; readonly endUs: number}> = [];
	private readonly reportedUpToUs: number[];
	/** µs from the coordinator's start to the current endpoint's origin, the threads' common time base. */
	private originUs = 0;
	private readonly pass: (sample: Sample) => void;

	constructor(threads: number, pass: (sample: Sample) => void) {
		this.reportedUpToUs = Array.from({length: threads}, () => Number.NEGATIVE_INFINITY);
		this.pass = pass;
	}

	/** An endpoint's measured requests begin: every thread reports from `originUs` on. */
	start(originUs: number): void {
		this.originUs = originUs;
		this.reportedUpToUs.fill(originUs);
	}

	add(thread: number, samples: readonly Sample[], upToUs: number): void {
		for (const sample of samples) this.pending.push({sample, endUs: this.originUs + sample.startOffsetUs + sample.durationUs});
		this.reportedUpToUs[thread] = Math.max(this.reportedUpToUs[thread] ?? upToUs, upToUs);
		this.release(Math.min(...this.reportedUpToUs));
	}

	/** A thread has finished the endpoint: it sends nothing more until the next one starts. */
	pause(thread: number): void {
		this.reportedUpToUs[thread] = Number.POSITIVE_INFINITY;
		this.release(Math.min(...this.reportedUpToUs));
	}

	/** Everything held, in order (the endpoint or the run is over). */
	drain(): void {
		this.release(Number.POSITIVE_INFINITY);
	}

	private release(upToUs: number): void {
		if (this.pending.length === 0) return;
		const ready = this.pending.filter((held) => held.endUs <= upToUs);
		if (ready.length === 0) return;
		this.pending = ready.length === this.pending.length ? [] : this.pending.filter((held) => held.endUs > upToUs);
		ready.sort((a, b) => a.endUs - b.endUs);
		for (const {sample} of ready) this.pass(sample);
	}
}
