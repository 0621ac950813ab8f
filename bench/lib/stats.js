// Small numeric helpers and the A/B interleaving used by every comparing section.

/**
 * What one run of a variant measured: numbers by name (requests/s, p50 and p99 in ms, CPU, how busy
 * each core was, …), and whatever else a section keeps beside them.
 * @typedef {{[figure: string]: unknown, rps?: number, p50?: number, p99?: number, serverBusy?: number, otherLoad?: number, serverOtherLoad?: number}} Figures
 */

/** @type {(value: unknown) => value is number} */
const isFiniteNumber = (value) => typeof value === 'number' && Number.isFinite(value);

/** @param {readonly unknown[]} values @returns {number[]} the finite numbers among them */
export const finite = (values) => values.filter(isFiniteNumber);

/** @param {readonly unknown[]} values @returns {number | undefined} */
export function median(values) {
	const sorted = finite(values).sort((a, b) => a - b);
	if (sorted.length === 0) return undefined;
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** @param {readonly unknown[]} values @returns {number | undefined} */
export const min = (values) => (finite(values).length ? Math.min(...finite(values)) : undefined);
/** @param {readonly unknown[]} values @returns {number | undefined} */
export const max = (values) => (finite(values).length ? Math.max(...finite(values)) : undefined);

/**
 * The median of one field across rounds.
 * @param {ReadonlyArray<Figures | undefined>} runs @param {string} key
 */
export const medianOf = (runs, key) => median(runs.map((r) => r?.[key]));

/**
 * Runs every variant once per round, A B | B A | A B …: interleaved so machine drift (other load,
 * thermal, JIT of the mock) hits all variants alike, and the order flips each round so neither
 * always runs first. Returns {variantName: [figures per round]}.
 */
/**
 * @template {Figures} T
 * @param {number} rounds @param {Array<{name: string, run: (round: number) => Promise<T>}>} variants
 * @param {(line: string) => void} [log]
 * @returns {Promise<Record<string, T[]>>}
 */
export async function interleave(rounds, variants, log = () => {}) {
	/** @type {Record<string, T[]>} */
	const results = Object.fromEntries(variants.map((v) => [v.name, []]));
	for (let round = 0; round < rounds; round++) {
		const order = round % 2 === 0 ? variants : [...variants].reverse();
		for (const variant of order) {
			const figures = await variant.run(round);
			results[variant.name].push(figures);
			log(`round ${round + 1}/${rounds} ${variant.name}: ${describe(figures)}`);
		}
	}

	return results;
}

/** @param {Figures} f */
const describe = (f) =>
	[
		f.rps === undefined ? undefined : `${fmt(f.rps, 0)}/s`,
		f.p50 === undefined ? undefined : `p50 ${fmt(f.p50, 3)} ms`,
		f.p99 === undefined ? undefined : `p99 ${fmt(f.p99, 3)} ms`,
		f.serverBusy === undefined ? undefined : `server core ${fmt(f.serverBusy * 100, 0)}%`,
		f.otherLoad === undefined ? undefined : `other load on client core ${fmt(f.otherLoad * 100, 0)}%`,
	]
		.filter(Boolean)
		.join(', ');

/**
 * Number formatting for tables: thousands separators, fixed digits, "—" for missing.
 * @param {number | null | undefined} value @param {number} [digits]
 */
export function fmt(value, digits = 2) {
	if (value === undefined || value === null || !Number.isFinite(value)) return '—';
	return value.toLocaleString('en-US', {minimumFractionDigits: digits, maximumFractionDigits: digits});
}

/** @type {(value: number | undefined, digits?: number) => string} */
export const pct = (value, digits = 0) => (value === undefined || !Number.isFinite(value) ? '—' : `${fmt(value * 100, digits)}%`);
/** @type {(a: number | undefined, b: number | undefined) => number | undefined} */
export const ratio = (a, b) => (a === undefined || b === undefined || !b ? undefined : a / b);

/**
 * "client % / server %": median load from other work on each pinned core across the given runs.
 * @param {...ReadonlyArray<Figures | undefined>} runLists
 */
export function otherLoadCell(...runLists) {
	const all = runLists.flat();
	const client = median(all.map((r) => r?.otherLoad));
	const server = median(all.map((r) => r?.serverOtherLoad));
	return client === undefined && server === undefined ? '—' : `${pct(client)} / ${pct(server)}`;
}
