import type {Histogram} from 'hdr-histogram-js';
import {createHistogram, type Distribution, distributionOf, recordUs} from './histogram.js';

/** One measured quantity: an HDR histogram plus the exact sum, for averages and totals. */
export class Metric {
	readonly histogram: Histogram = createHistogram();
	private totalUs = 0;

	record(us: number): void {
		recordUs(this.histogram, us);
		this.totalUs += us;
	}

	get count(): number {
		return this.histogram.totalCount;
	}

	distribution(): Distribution {
		return distributionOf(this.histogram, this.totalUs);
	}

	/** The distribution, or null when nothing was recorded. */
	optional(): Distribution | null {
		return this.count > 0 ? this.distribution() : null;
	}
}
