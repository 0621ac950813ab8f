export type Arrival = 'constant' | 'poisson';

/**
 * How an interleaved round sends request i: to one endpoint after another, in an order drawn for the
 * round (`in-turn`), or to every endpoint at once (`together`).
 */
export type RoundSends = 'in-turn' | 'together';
export const roundSendsChoices: readonly RoundSends[] = ['in-turn', 'together'];

/** How hard and how long to drive each endpoint. */
export type LoadSettings = {
	/** Measured requests per endpoint; with `durationMs` too, whichever comes first. */
	readonly requests?: number;
	/** Stop sending after this long (ms); requests in flight then still complete. */
	readonly durationMs?: number;
	/** Requests in flight at most. */
	readonly concurrency: number;
	/** Open loop: requests per second, sent on schedule whether or not replies came back. */
	readonly rate?: number;
	/** @default 'constant' */
	readonly arrival?: Arrival;
	/** Requests sent first and left out of every statistic and file. @default 0 */
	readonly warmup?: number;
	/** `--seed`: Poisson arrivals drawn the same way each run. */
	readonly seed?: number;
	/** Interleaved runs: how a round sends its request to the endpoints. @default 'in-turn' */
	readonly roundSends?: RoundSends;
	/** `--start-at`: wall-clock ms (since 1970) the first measured request waits for, so runs on many hosts overlap. */
	readonly startAt?: number;
	/** `--trace`: request i is due this many seconds after the start (the recorded times, over `--trace-speed`); open loop. */
	readonly schedule?: readonly number[];
	/** `--trace`: what was replayed, for the files. */
	readonly replayed?: {readonly file: string; readonly format: string; readonly speed: number; readonly requests: number};
};
