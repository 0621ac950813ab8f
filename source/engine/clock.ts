/** Monotonic time in nanoseconds. Never use Date for measurements: it jumps. */
export const nowNs = (): bigint => process.hrtime.bigint();

/** Whole microseconds between two monotonic readings (HDR histograms take integers). */
export const elapsedUs = (fromNs: bigint, toNs: bigint = nowNs()): number => Number((toNs - fromNs) / 1000n);
