import type {Sample} from '../engine/endpoint.js';
import type {WitnessedBody, WitnessRecord} from '../engine/witness-record.js';
import type {Distribution} from './histogram.js';
import {Metric} from './metric.js';
import {serverTimingMs} from '../targets/server-headers.js';
import type {PairValues} from './paired.js';

/** What became of the requests whose first attempt the upstream answered with one fault. */
export type FaultOutcome = {
	readonly requests: number;
	/** What the client got: `ok`, or the kind of its error (`http_502`, `stream_truncated`, …), with how many. */
	readonly clientGot: Readonly<Record<string, number>>;
	/** Those that reached the upstream again (the gateway retried), and the attempts all of them took. */
	readonly retried: number;
	readonly attempts: number;
	/** Those whose reply the gateway gave up on before the upstream ended it, and after how long on average, ms. */
	readonly abandoned: number;
	readonly abandonedAfterMs: number | null;
	/** The client's mean time to its answer or error, ms. */
	readonly meanMs: number;
};

/** What became upstream of the requests the client gave up mid-way (`--cancel-rate`). */
export type CancelOutcome = {
	readonly requests: number;
	/** Those whose reply the upstream saw abandoned before its end: the cancellation reached it. */
	readonly stopped: number;
	/** From the client's cancel to the upstream seeing the reply abandoned, ms on average. */
	readonly stoppedAfterMs: number | null;
	/** Tokens the upstream wrote after the client had cancelled, on average a request (of those whose reply ended): what it went on generating (and billing). */
	readonly tokensAfter: number;
	/** Those the upstream was still writing when the run's record was last read (seconds after the run): never stopped. */
	readonly unended: number;
};

/** What a gateway said of itself in its replies' headers. */
export type SelfReports = {
	/** Requests whose reply carried Portkey's `x-portkey-retry-attempt-count`, and its mean. */
	readonly retryCountRequests: number;
	readonly retryCountMean: number | null;
	/** The `server-timing` total of each reply that had one (its `dur=` values summed), ms. */
	readonly serverTimingMs: Distribution | null;
};

/** What the upstream saw of one endpoint's requests, joined to what the client measured. */
export type WitnessSummary = {
	/** Requests whose record the upstream handed over. */
	readonly witnessed: number;
	/** Successful requests the upstream never saw: answered by something in between. */
	readonly unseen: number;
	/** Requests that reached the upstream more than once (beyond gatebench's own resends), and attempts per request. */
	readonly amplified: number;
	readonly attemptsPerRequest: number;
	/** Connections towards the upstream the requests came on (counted up to 10,000). */
	readonly upstreamConnections: number;
	/** Requests whose reply the upstream saw abandoned before its end. */
	readonly clientGone: number;
	/** Requests that brought credentials to the upstream. */
	readonly credentials: number;
	/** Header names the upstream received, with how many requests brought each. */
	readonly headers: Readonly<Record<string, number>>;
	/** What the bodies asked for, as the upstream read them: each field's values, with how many requests asked each. */
	readonly body: Readonly<Record<keyof WitnessedBody, Readonly<Record<string, number>>>>;
	/** Streams where another number of events arrived than tokens the upstream wrote (merged or lost on the way). */
	readonly eventsChanged: number;
	/** From the client's send to the upstream's receipt, ms. */
	readonly forwardMs: Distribution | null;
	/** From the upstream's write of each token to its event's arrival at the client, ms (same host, same clock). */
	readonly eventDelayMs: Distribution | null;
	/** By the fault the upstream injected into a request's first attempt (`status 503`, `stall`, …): what became of those requests. */
	readonly faults: Readonly<Record<string, FaultOutcome>>;
	/** The requests cancelled on purpose, as the upstream saw them; null when none was. */
	readonly cancelled: CancelOutcome | null;
	readonly selfReports: SelfReports;
};

type FaultCounts = {
	requests: number;
	clientGot: Record<string, number>;
	retried: number;
	attempts: number;
	abandoned: number;
	abandonedUs: number;
	totalUs: number;
};

const maxConnections = 10_000;
const maxValues = 16;
const bodyFields = ['model', 'maxTokens', 'stream', 'includeUsage', 'temperature'] as const;

/** Counts `value` under `key`, for the first few distinct keys. */
function tally(counts: Record<string, number>, key: string): void {
	if (counts[key] !== undefined || Object.keys(counts).length < maxValues) counts[key] = (counts[key] ?? 0) + 1;
}

/** When each content event arrived at the client (monotonic ns), from its first token's time and the gaps after it. */
function arrivalsNs(sample: Sample, startedNs: bigint): bigint[] {
	if (sample.ttftUs === undefined) return [];
	let at = startedNs + BigInt(sample.ttftUs) * 1000n;
	const arrivals = [at];
	for (const gap of sample.interTokenGapsUs ?? []) {
		at += BigInt(gap) * 1000n;
		arrivals.push(at);
	}

	return arrivals;
}

const usBetween = (fromNs: bigint, toNs: bigint) => Math.max(0, Number((toNs - fromNs) / 1000n));

/** One endpoint's witnessed requests, joined as their records come back; memory does not grow with requests. */
export class WitnessTally {
	private witnessed = 0;
	private unseen = 0;
	private amplified = 0;
	private attempts = 0;
	private clientGone = 0;
	private credentials = 0;
	private eventsChanged = 0;
	private readonly connections = new Set<string>();
	private readonly headers: Record<string, number> = {};
	private readonly body = Object.fromEntries(bodyFields.map((field) => [field, {}])) as Record<keyof WitnessedBody, Record<string, number>>;
	private readonly forward = new Metric();
	private readonly eventDelay = new Metric();
	private readonly faults: Record<string, FaultCounts> = {};
	private readonly cancels = {requests: 0, stopped: 0, stoppedUs: 0, tokensAfter: 0, unended: 0};
	private retryCountRequests = 0;
	private retryCountTotal = 0;
	private readonly serverTiming = new Metric();

	/**
	 * Joins a sample with what the upstream saw of it; what a pair compares of it, net of the
	 * upstream's pace (µs; null for a failed request).
	 */
	add(sample: Sample, record: WitnessRecord): PairValues | null {
		const startedNs = sample.witness?.startedNs;
		if (startedNs === undefined) return null;
		this.witnessed++;
		// gatebench's own resend (a reused connection closed under the request) is not the gateway's doing.
		const attempts = Math.max(1, record.attempts - (sample.retried ? 1 : 0));
		this.attempts += attempts;
		if (attempts > 1) this.amplified++;
		if (record.clientGone) this.clientGone++;
		if (record.credentials) this.credentials++;
		if (this.connections.size < maxConnections) this.connections.add(record.connection);
		for (const name of record.headers) tally(this.headers, name);
		for (const field of bodyFields) {
			const value = record.body[field];
			tally(this.body[field], value === undefined ? '(absent)' : String(value));
		}

		this.forward.record(usBetween(startedNs, BigInt(record.receivedNs)));
		const arrivals = arrivalsNs(sample, startedNs);
		if (sample.outcome === 'ok' && arrivals.length > 0 && arrivals.length !== record.tokensNs.length) this.eventsChanged++;
		const joined = Math.min(arrivals.length, record.tokensNs.length);
		for (let index = 0; index < joined; index++) this.eventDelay.record(usBetween(BigInt(record.tokensNs[index] ?? '0'), arrivals[index] ?? 0n));
		this.addFault(sample, record, attempts);
		if (sample.outcome === 'cancelled') this.addCancel(sample, record, startedNs);
		this.addSelfReports(sample);
		if (sample.outcome !== 'ok') return null;
		const [firstWrite, lastWrite] = [record.tokensNs[0], record.tokensNs.at(-1)];
		const [firstArrival, lastArrival] = [arrivals[0], arrivals.at(-1)];
		return {
			forward: Number((BigInt(record.receivedNs) - startedNs) / 1000n),
			...(firstWrite !== undefined && firstArrival !== undefined ? {firstToken: Number((firstArrival - BigInt(firstWrite)) / 1000n)} : {}),
			...(lastWrite !== undefined && lastArrival !== undefined ? {lastToken: Number((lastArrival - BigInt(lastWrite)) / 1000n)} : {}),
		};
	}

	/** A request whose first attempt the upstream failed on purpose: what the client got, retries, and a gateway giving up. */
	private addFault(sample: Sample, record: WitnessRecord, attempts: number): void {
		const fault = record.served[0];
		if (fault === undefined || fault === 'ok' || (this.faults[fault] === undefined && Object.keys(this.faults).length >= maxValues)) return;
		const counts = (this.faults[fault] ??= {requests: 0, clientGot: {}, retried: 0, attempts: 0, abandoned: 0, abandonedUs: 0, totalUs: 0});
		counts.requests++;
		tally(counts.clientGot, sample.outcome.replace(/:.*/, ''));
		counts.attempts += attempts;
		if (attempts > 1) counts.retried++;
		counts.totalUs += sample.durationUs;
		// The last attempt's reply abandoned by the gateway while the client still waited: it gave up on the upstream.
		if (record.clientGone && record.endedNs !== undefined && sample.outcome !== 'ok') {
			counts.abandoned++;
			counts.abandonedUs += usBetween(BigInt(record.receivedNs), BigInt(record.endedNs));
		}
	}

	/** A request the client gave up mid-way: whether, and how soon, the upstream stopped, and what it wrote meanwhile. */
	private addCancel(sample: Sample, record: WitnessRecord, startedNs: bigint): void {
		const cancelledNs = startedNs + BigInt(sample.durationUs) * 1000n;
		const cancels = this.cancels;
		cancels.requests++;
		for (const written of record.tokensNs) if (BigInt(written) > cancelledNs) cancels.tokensAfter++;
		if (!record.clientGone || record.endedNs === undefined) return;
		cancels.stopped++;
		cancels.stoppedUs += usBetween(cancelledNs, BigInt(record.endedNs));
	}

	private addSelfReports(sample: Sample): void {
		const recorded = sample.server?.recorded;
		if (!recorded) return;
		const retries = Number(recorded['x-portkey-retry-attempt-count'] ?? Number.NaN);
		if (Number.isFinite(retries) && retries >= 0) {
			this.retryCountRequests++;
			this.retryCountTotal += retries;
		}

		const timing = serverTimingMs(recorded['server-timing']);
		if (timing !== undefined) this.serverTiming.record(timing * 1000);
	}

	/** A request the upstream never saw (its record never came). */
	missing(sample: Sample): void {
		if (sample.outcome === 'ok') this.unseen++;
		// A cancelled request whose reply the upstream never ended: it went on generating for the client that left.
		if (sample.outcome === 'cancelled') {
			this.cancels.requests++;
			this.cancels.unended++;
		}
	}

	summary(): WitnessSummary {
		return {
			witnessed: this.witnessed,
			unseen: this.unseen,
			amplified: this.amplified,
			attemptsPerRequest: this.witnessed > 0 ? this.attempts / this.witnessed : 0,
			upstreamConnections: this.connections.size,
			clientGone: this.clientGone,
			credentials: this.credentials,
			headers: {...this.headers},
			body: Object.fromEntries(bodyFields.map((field) => [field, {...this.body[field]}])) as WitnessSummary['body'],
			eventsChanged: this.eventsChanged,
			forwardMs: this.forward.optional(),
			eventDelayMs: this.eventDelay.optional(),
			faults: Object.fromEntries(
				Object.entries(this.faults).map(([fault, counts]) => [
					fault,
					{
						requests: counts.requests,
						clientGot: {...counts.clientGot},
						retried: counts.retried,
						attempts: counts.attempts,
						abandoned: counts.abandoned,
						abandonedAfterMs: counts.abandoned > 0 ? counts.abandonedUs / counts.abandoned / 1000 : null,
						meanMs: counts.totalUs / counts.requests / 1000,
					},
				]),
			),
			cancelled: cancelOutcome(this.cancels),
			selfReports: {
				retryCountRequests: this.retryCountRequests,
				retryCountMean: this.retryCountRequests > 0 ? this.retryCountTotal / this.retryCountRequests : null,
				serverTimingMs: this.serverTiming.optional(),
			},
		};
	}
}

type CancelCounts = {requests: number; stopped: number; stoppedUs: number; tokensAfter: number; unended: number};
const cancelOutcome = ({requests, stopped, stoppedUs, tokensAfter, unended}: CancelCounts): CancelOutcome | null =>
	requests === 0
		? null
		: {
				requests,
				stopped,
				stoppedAfterMs: stopped > 0 ? stoppedUs / stopped / 1000 : null,
				tokensAfter: requests > unended ? tokensAfter / (requests - unended) : 0,
				unended,
			};
