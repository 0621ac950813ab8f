import type {ClientLoad} from '../engine/client-load.js';
import type {ClientCeiling} from '../plan/run-plan.js';
import {rateModeConcurrency} from '../plan/draft.js';
import {endpointSpecs} from '../plan/pipelines.js';
import type {RunPlan} from '../plan/run-plan.js';
import {measureAndRecord} from '../session/measure.js';
import {startBuiltInMock} from '../session/session.js';
import {LoopLag} from './loop-lag.js';

/** The client's own timing error allowed at its ceiling, by default: p99 of its loop lag. */
export const defaultTimingErrorMs = 1;

/** A step holds when it delivered at least this share of what was asked. */
const deliveredShare = 0.9;

/** The streams of the events search: this many tokens, this far apart, from the first at once. */
const streamTokens = 20;
const tokenDelayMs = 10;
/** Events a second one stream asks for. */
const eventsPerStream = 1000 / tokenDelayMs;

/**
 * The mock for both searches: pings answer at once; completions stream their tokens 10 ms apart on
 * average, ±5 ms, so that streams started together drift apart as real ones are (in step, every
 * stream's token would land in the same turn of the client's loop).
 */
export const calibrationMock: Parameters<typeof startBuiltInMock>[0] = {
	ttftMs: 0,
	tokenDelayMs,
	jitterMs: tokenDelayMs / 2,
	minTokens: streamTokens,
	maxTokens: streamTokens,
};

export type CalibrationStep = {
	readonly search: 'requests' | 'events';
	/** Requests a second asked (open loop), or streams in flight. */
	readonly load: number;
	/** Requests or content events a second delivered. */
	readonly delivered: number;
	readonly asked: number;
	readonly loopDelayP99Ms: number;
	readonly loopUtilization: number;
	readonly held: boolean;
	/** Why it did not hold: the client's timing, or what was delivered. */
	readonly why?: string;
};

export type CalibrateOptions = {
	/** The user's plan: its HTTP client, TLS and time-outs are the ones calibrated. */
	readonly plan: RunPlan;
	readonly stepMs: number;
	readonly onStep?: (step: CalibrationStep) => void;
	readonly stopped?: () => boolean;
	readonly machine: ClientCeiling['machine'];
	readonly version: string;
	/** `--timing-error`: the loop lag (p99) a step may show and hold. @default 1 ms */
	readonly timingErrorMs?: number;
};

export type Calibration = {readonly ceiling: ClientCeiling; readonly steps: readonly CalibrationStep[]};

/** Requests a second: from here, doubling to the client's limit, then halving the gap twice. */
const firstRate = 250;
const maxRate = 256_000;
/** Streams in flight: from here, doubling. */
const firstStreams = 8;
const maxStreams = 8192;

/**
 * Measures, against the built-in mock in its own thread, the most requests a second (open loop, HTTP
 * ping) and streamed events a second (closed loop, 20-token streams) this client delivers while its
 * own event loop stays within 1 ms of time (p99). Each search doubles the load until a step does not
 * hold, then bisects twice; a first step that does not hold halves down instead.
 */
export async function calibrate(options: CalibrateOptions): Promise<Calibration> {
	const delayLimitMs = options.timingErrorMs ?? defaultTimingErrorMs;
	const mock = await startBuiltInMock(calibrationMock);
	const steps: CalibrationStep[] = [];
	const targets = {gateway: {url: mock.url, builtInMock: true}, sourcegraph: {url: mock.url, builtInMock: true}};
	const measure = async (search: CalibrationStep['search'], load: number): Promise<CalibrationStep> => {
		const requests = search === 'requests';
		const plan: RunPlan = {
			...options.plan,
			...(requests ? {pipeline: 'http', stream: false} : {pipeline: 'completions', provider: 'fireworks', stream: true, maxTokens: streamTokens}),
			concurrency: requests ? rateModeConcurrency : load,
			rate: requests ? load : undefined,
			requests: undefined,
			durationMs: options.stepMs,
			warmup: requests ? Math.ceil(load / 10) : load,
			interleave: false,
			thresholds: [],
			direct: [],
			endpoints: undefined,
			workers: 1,
			sweep: undefined,
		};
		const [spec] = endpointSpecs(plan, targets, mock.url);
		if (!spec) throw new Error('no endpoint to calibrate on');
		const measuring = await measureAndRecord({plan, specs: [spec], outputs: {}, mock: true});
		// From the first measured request: the warm-up and connecting are not the load.
		let lag: LoopLag | undefined;
		measuring.run.subscribe((event) => {
			if (event.type === 'endpoint-start') lag = new LoopLag();
		});
		const result = await measuring.finish();
		const lagP99 = lag?.stop() ?? Number.POSITIVE_INFINITY;
		const stats = result.snapshot.endpoints[0];
		const seconds = (stats?.elapsedMs ?? 0) / 1000;
		const count = requests ? (stats?.successful ?? 0) : (stats?.ttft?.count ?? 0) + (stats?.interToken?.count ?? 0);
		const delivered = seconds > 0 ? count / seconds : 0;
		const asked = requests ? load : load * eventsPerStream;
		const client: ClientLoad | null = stats?.selfCheck.client ?? null;
		const p99 = lagP99;
		const why =
			p99 >= delayLimitMs
				? `the client's loop ran ${p99.toFixed(2)} ms late (p99)`
				: delivered < deliveredShare * asked
					? `delivered ${Math.round((delivered / asked) * 100)}% of what was asked`
					: undefined;
		const step = {
			search,
			load,
			delivered,
			asked,
			loopDelayP99Ms: p99,
			loopUtilization: client?.loopUtilization ?? 0,
			held: why === undefined,
			...(why ? {why} : {}),
		};
		steps.push(step);
		options.onStep?.(step);
		return step;
	};

	try {
		const requests = await search((load) => measure('requests', load), firstRate, maxRate, options.stopped);
		const events = await search((load) => measure('events', load), firstStreams, maxStreams, options.stopped);
		// The streams search stopped on the mock, not the client, when the steps that did not hold kept
		// time and left the client's loop mostly idle: they fell short of what was asked, waiting.
		const short = steps.filter((step) => step.search === 'events' && !step.held);
		const eventsAtLeast = short.length > 0 && short.every((step) => step.loopDelayP99Ms < delayLimitMs && step.loopUtilization < 0.5);
		if (!requests || !events) throw new CalibrationError(steps, delayLimitMs);
		return {
			ceiling: {
				requestsPerSecond: Math.round(requests.delivered),
				eventsPerSecond: Math.round(events.delivered),
				eventsAtLeast,
				httpClient: options.plan.httpClient,
				measuredAt: new Date().toISOString(),
				timingErrorMs: delayLimitMs,
				machine: options.machine,
				node: process.version,
				version: options.version,
			},
			steps,
		};
	} finally {
		await mock.close();
	}
}

/** Not even the lightest load kept the client's timing within 1 ms: the machine stalls. */
export class CalibrationError extends Error {
	readonly steps: readonly CalibrationStep[];

	constructor(steps: readonly CalibrationStep[], limitMs: number) {
		super(`no load kept the client's timing within ${limitMs} ms (p99 of its loop lag): is the machine short of CPU? (--timing-error allows more)`);
		this.steps = steps;
	}
}

/**
 * The highest load that held: doubling from `first` until a step does not hold (or `max`), then two
 * bisections between the last that held and the first that did not. When `first` does not hold,
 * halving down to a sixteenth of it. The step that held with the most delivered, or undefined.
 */
async function search(
	measure: (load: number) => Promise<CalibrationStep>,
	first: number,
	max: number,
	stopped: () => boolean = () => false,
): Promise<CalibrationStep | undefined> {
	const held: CalibrationStep[] = [];
	let low: number | undefined;
	let high: number | undefined;
	for (let load = first; load <= max && !stopped(); load *= 2) {
		const step = await measure(load);
		if (!step.held) {
			high = load;
			break;
		}

		held.push(step);
		low = load;
	}

	if (low === undefined)
		for (let load = first / 2; load >= first / 16 && !stopped(); load /= 2) {
			const step = await measure(Math.max(1, Math.round(load)));
			if (step.held) {
				held.push(step);
				break;
			}
		}
	else if (high !== undefined)
		for (let bisection = 0; bisection < 2 && !stopped(); bisection++) {
			const load = Math.round((low + high) / 2);
			const step = await measure(load);
			if (step.held) {
				held.push(step);
				low = load;
			} else high = load;
		}

	return held.reduce<CalibrationStep | undefined>((best, step) => (best === undefined || step.delivered > best.delivered ? step : best), undefined);
}
