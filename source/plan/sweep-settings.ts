import type {AddedSlo} from './added-slo.js';
import type {Threshold} from './threshold-grammar.js';

/** How close the last load that held and the first that broke must come before the search stops. */
export type SweepResolution = {readonly step: number; readonly share?: undefined} | {readonly share: number; readonly step?: undefined};

/** What the answer of a search may be gated on in CI (`--threshold capacity.concurrency>=16`). */
export const capacityMeasures = ['load', 'concurrency', 'rate', 'rps', 'goodput', 'goodput_tokens'] as const;
export type CapacityMeasure = (typeof capacityMeasures)[number];
export type CapacityGate = {readonly text: string; readonly measure: CapacityMeasure; readonly op: Threshold['op']; readonly value: number};

/** A capacity search: the load is raised step by step until a step breaks the SLO, then bisected. */
export type SweepSettings = {
	/** What is raised: requests in flight, or requests per second (open loop, judged from the scheduled send). */
	readonly mode: 'concurrency' | 'rate';
	/** How long each step is measured, after its warm-up. */
	readonly stepMs: number;
	/** The highest load tried. */
	readonly maxConcurrency: number;
	readonly maxRate: number;
	readonly resolution: SweepResolution;
	/** What every step must hold, with confidence (the `--threshold` grammar). */
	readonly slos: readonly Threshold[];
	/** An overhead sweep's budgets on what each gateway adds (`added.p99<5ms`), judged on the step's pairs. */
	readonly added: readonly AddedSlo[];
	/** Gates on each endpoint's answer. */
	readonly gates: readonly CapacityGate[];
};

/** Every SLO a step is judged on, as written, in the order of its judgements: the `--threshold` kind, then the budgets on what a gateway adds. */
export const sloTexts = (settings: Pick<SweepSettings, 'slos' | 'added'>): string[] => [...settings.slos, ...settings.added].map((slo) => slo.text);

export const defaultStepMs = 20_000;
export const defaultMaxConcurrency = 256;
export const defaultMaxRate = 1000;
/** One request in flight; 5 % of the rate. */
export const defaultResolution = {concurrency: {step: 1}, rate: {share: 0.05}} as const satisfies Record<SweepSettings['mode'], SweepResolution>;

/** `--resolution`: `2` (requests in flight, or requests/s) or `5%` (of the last load that held); or why not. */
export function parseResolution(text: string, mode: SweepSettings['mode']): SweepResolution | string {
	const match = /^\s*(\d+(?:\.\d+)?)\s*(%?)\s*$/.exec(text);
	const value = Number(match?.[1]);
	if (!match || !(value > 0)) return `--resolution ${text}: expected a load such as ${mode === 'rate' ? '2' : '1'} or a share such as 5%`;
	if (match[2]) return value < 100 ? {share: value / 100} : `--resolution ${text}: a share must be under 100%`;
	if (mode === 'concurrency' && !Number.isInteger(value)) return `--resolution ${text}: requests in flight are whole numbers`;
	return {step: value};
}

/** `capacity.concurrency>=16`, `capacity.rate>30`, `capacity.goodput>=20` …; or why it cannot be read. */
export function parseCapacityGate(text: string, mode: SweepSettings['mode']): CapacityGate | string {
	const match = /^\s*capacity\.([a-z_]+)\s*(<=|>=|<|>)\s*(\d+(?:\.\d+)?)\s*$/.exec(text);
	if (!match)
		return `--threshold ${text}: with --sweep, gate the answer, e.g. capacity.${mode}>=16 (or capacity.load, capacity.rps, capacity.goodput, capacity.goodput_tokens)`;
	const [, measure = '', op, value] = match;
	if (!(capacityMeasures as readonly string[]).includes(measure))
		return `--threshold ${text}: unknown measure "${measure}" (use ${capacityMeasures.join(', ')})`;
	if ((measure === 'concurrency' || measure === 'rate') && measure !== mode) return `--threshold ${text}: this sweep raises the ${mode}, not the ${measure}`;
	return {text: text.trim(), measure: measure as CapacityMeasure, op: op as Threshold['op'], value: Number(value)};
}
