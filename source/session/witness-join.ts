import {request} from 'node:http';
import type {Sample} from '../engine/endpoint.js';
import type {WitnessRecord} from '../engine/witness-record.js';
import type {PairCollector} from '../stats/paired.js';
import {type WitnessSummary, WitnessTally} from '../stats/witness-tally.js';

/** Where the upstream's record is read: its `/mock/witness` and the token it was started with. */
export type WitnessSource = {readonly url: string; readonly token: string};

/** How often the record is read while the run goes on, and how long the end waits for the last ones. */
const pollMs = 1000;
const finalWaitMs = 3000;

/** Names asked for in one read (a URL of a few KB). */
const idsPerRead = 100;

function readRecords({url, token}: WitnessSource, ids: readonly string[]): Promise<WitnessRecord[]> {
	const query = ids.map((id) => `id=${encodeURIComponent(id)}`).join('&');
	return new Promise((resolve, reject) => {
		const asked = request(`${url}/mock/witness?${query}`, {headers: {authorization: `Bearer ${token}`}}, (reply) => {
			let text = '';
			reply.setEncoding('utf8');
			reply.on('data', (chunk: string) => (text += chunk));
			reply.on('end', () => {
				if (reply.statusCode !== 200) return reject(new Error(`the upstream's witness record: HTTP ${reply.statusCode}`));
				try {
					resolve((JSON.parse(text) as {records: WitnessRecord[]}).records);
				} catch (error) {
					reject(error instanceof Error ? error : new Error(String(error)));
				}
			});
			reply.on('error', reject);
		});
		asked.on('error', reject);
		asked.end();
	});
}

/**
 * Joins each witnessed sample to the upstream's record of it, as the records come back (read once
 * a second, and until every one has come at the end): memory holds only the requests not yet read,
 * and the records of requests the client never finished (warm-up) stay with the upstream.
 */
export class WitnessJoin {
	private readonly source: WitnessSource;
	private readonly pending = new Map<string, Sample>();
	private readonly tallies: WitnessTally[] = [];
	private timer: NodeJS.Timeout | undefined;
	private reading: Promise<void> = Promise.resolve();
	private failure: string | undefined;
	/** Once every record is in, the summaries no longer change: made once (the saved files and the final comparison read them). */
	private final: {readonly endpoints: WitnessSummary[]; readonly failure?: string} | undefined;
	private finished = false;
	/** An interleaved run's pairs of what the record tells (the first token's way from the upstream's write, …). */
	private pairs: PairCollector | undefined;

	constructor(source: WitnessSource) {
		this.source = source;
	}

	/** Pairs what the record tells of each round's requests in `pairs` (an interleaved run). */
	pairInto(pairs: PairCollector): void {
		this.pairs = pairs;
	}

	/** Starts reading the record once a second. */
	start(): void {
		this.timer ??= setInterval(() => void this.read(), pollMs);
		this.timer.unref();
	}

	add(sample: Sample): void {
		if (sample.witness) this.pending.set(sample.witness.id, sample);
	}

	/** Reads the rest, waiting a little for requests whose reply the upstream has not seen end yet. */
	async finish(): Promise<void> {
		clearInterval(this.timer);
		const deadline = Date.now() + finalWaitMs;
		await this.read();
		while (this.pending.size > 0 && this.failure === undefined && Date.now() < deadline) {
			await new Promise((resolve) => setTimeout(resolve, 20));
			await this.read();
		}

		for (const sample of this.pending.values()) {
			this.tallyOf(sample.endpoint).missing(sample);
			this.pairs?.addValues(sample.seq, sample.endpoint, null);
		}

		this.pending.clear();
		this.finished = true;
	}

	/** What the upstream saw of each endpoint's requests (index: endpoint), and why it could not be read, if it could not. */
	summaries(count: number): {readonly endpoints: WitnessSummary[]; readonly failure?: string} {
		if (this.final?.endpoints.length === count) return this.final;
		const endpoints = Array.from({length: count}, (_, index) => this.tallyOf(index).summary());
		const summaries = this.failure === undefined ? {endpoints} : {endpoints, failure: this.failure};
		if (this.finished) this.final = summaries;
		return summaries;
	}

	private tallyOf(endpoint: number): WitnessTally {
		let tally = this.tallies[endpoint];
		if (!tally) {
			tally = new WitnessTally();
			this.tallies[endpoint] = tally;
		}

		return tally;
	}

	/**
	 * One read at a time, of the records of the requests the client has finished: a request still in
	 * flight may yet reach the upstream again (a gateway's retry), and its record counts every attempt.
	 */
	private read(): Promise<void> {
		this.reading = this.reading.then(async () => {
			if (this.failure !== undefined) return;
			try {
				const ids = [...this.pending.keys()];
				for (let from = 0; from < ids.length; from += idsPerRead) {
					for (const record of await readRecords(this.source, ids.slice(from, from + idsPerRead))) {
						const sample = this.pending.get(record.id);
						if (!sample) continue;
						this.pending.delete(record.id);
						this.pairs?.addValues(sample.seq, sample.endpoint, this.tallyOf(sample.endpoint).add(sample, record));
					}
				}
			} catch (error) {
				this.failure = error instanceof Error ? error.message : String(error);
			}
		});
		return this.reading;
	}
}
