/**
 * A server's capacity: at most `size` completions served at once, the rest waiting in arrival
 * order, as an inference server's batch slots (vLLM's max-num-seqs, TGI's max-concurrent-requests)
 * make them wait. The wait shows as time to first token, as it does on those servers.
 */
export class Slots {
	private busy = 0;
	private readonly waiting: Array<() => void> = [];
	private readonly size: number;

	constructor(size: number) {
		this.size = size;
	}

	/** Requests being served now. */
	get inService(): number {
		return this.busy;
	}

	/** Requests waiting for a slot. */
	get queued(): number {
		return this.waiting.length;
	}

	/** Calls `serve` once a slot is free (at once if one is); `release` frees it, once, however often called. */
	take(serve: (release: () => void) => void): void {
		const start = () => {
			this.busy++;
			let released = false;
			serve(() => {
				if (released) return;
				released = true;
				this.busy--;
				this.waiting.shift()?.();
			});
		};

		if (this.busy < this.size) start();
		else this.waiting.push(start);
	}
}
