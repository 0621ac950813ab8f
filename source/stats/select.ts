/** Reusable buffers for one side of a bootstrap: draws and bin counts, allocated once. */
export type Scratch = {readonly draws: Float64Array; readonly bins: Uint32Array};

export const scratchFor = (size: number): Scratch => ({draws: new Float64Array(size), bins: new Uint32Array(size)});

/**
 * Draws `draws.length` uniforms on [0, 1) and returns the `rank`-th smallest (1-based).
 * A bucket selection: uniforms spread evenly over as many bins as draws, so after counting per bin
 * the wanted rank lies in one bin holding about one draw; only that bin is sorted. Three cheap
 * linear passes instead of a sort or a quickselect of every draw.
 */
export function rankedUniform({draws, bins}: Scratch, rank: number, random: () => number): number {
	const size = draws.length;
	bins.fill(0);
	for (let index = 0; index < size; index++) {
		const u = random();
		draws[index] = u;
		const bin = Math.min(Math.floor(u * size), size - 1);
		bins[bin] = (bins[bin] ?? 0) + 1;
	}

	let below = 0;
	let bin = 0;
	while (bin < size - 1 && below + (bins[bin] ?? 0) < rank) below += bins[bin++] ?? 0;
	const inBin: number[] = [];
	for (let index = 0; index < size; index++) {
		const u = draws[index] ?? 0;
		if (Math.min(Math.floor(u * size), size - 1) === bin) inBin.push(u);
	}

	inBin.sort((a, b) => a - b);
	return inBin[rank - below - 1] ?? 0;
}
