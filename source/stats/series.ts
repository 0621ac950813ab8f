/** A fixed-length ring of recent values (ms) for the live sparkline: memory stays constant. */
export class Series {
	private readonly values: Float64Array;
	private next = 0;
	private filled = 0;

	readonly capacity: number;

	constructor(capacity = 240) {
		this.capacity = capacity;
		this.values = new Float64Array(capacity);
	}

	push(value: number): void {
		this.values[this.next] = value;
		this.next = (this.next + 1) % this.capacity;
		if (this.filled < this.capacity) this.filled++;
	}

	/** Oldest first. */
	toArray(): number[] {
		const start = this.filled < this.capacity ? 0 : this.next;
		return Array.from({length: this.filled}, (_, index) => this.values[(start + index) % this.capacity] ?? 0);
	}
}
