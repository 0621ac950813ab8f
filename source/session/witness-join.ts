import {request} from 'node:http';
import type {Sample} from '../engine/endpoint.js';
import type {WitnessRecord} from '../engine/witness-record.js';
import {type WitnessSummary, WitnessTally} from '../stats/witness-tally.js';

/** Where the upstream's record is read: its `/mock/witness` and the token it was started with. */
export type WitnessSource = {readonly url: string; readonly token: string};

/** How often the record is read while the run goes on, and how long the end waits for the last ones. */
const pollMs = 1000;
const finalWaitMs = 3000;
const maxEarly = 10_000;

function readRecords({url, token}: WitnessSource): Promise<WitnessRecord[]> {
	return new Promise((resolve, reject) => {
		const asked = request(`${url}/mock/witness`, {headers: {authorization: `Bearer ${token}`}}, (reply) => {
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
 * a second, and until every one has come at the end): memory holds only the requests not yet read.
 */
export class WitnessJoin {
	private readonly source: WitnessSource;
	private readonly pending = new Map<string, Sample>();
	/** Records that came before their sample (the upstream saw the reply end before the client had read it), and warm-up requests'. */
	private readonly early = new Map<string, WitnessRecord>();
	private readonly tallies: WitnessTally[] = [];
	private timer: NodeJS.Timeout | undefined;
	private reading: Promise<void> = Promise.resolve();
	private failure: string | undefined;

	constructor(source: WitnessSource) {
		this.source = source;
	}

	/** Starts reading the record once a second. */
	start(): void {
		this.timer ??= setInterval(() => void this.read(), pollMs);
		this.timer.unref();
	}

	add(sample: Sample): void {
		if (!sample.witness) return;
		const record = this.early.get(sample.witness.id);
		if (!record) return void this.pending.set(sample.witness.id, sample);
		this.early.delete(sample.witness.id);
		this.tallyOf(sample.endpoint).add(sample, record);
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

		for (const sample of this.pending.values()) this.tallyOf(sample.endpoint).missing(sample);
		this.pending.clear();
	}

	/** What the upstream saw of each endpoint's requests (index: endpoint), and why it could not be read, if it could not. */
	summaries(count: number): {readonly endpoints: WitnessSummary[]; readonly failure?: string} {
		const endpoints = Array.from({length: count}, (_, index) => this.tallyOf(index).summary());
		return this.failure === undefined ? {endpoints} : {endpoints, failure: this.failure};
	}

	private tallyOf(endpoint: number): WitnessTally {
		let tally = this.tallies[endpoint];
		if (!tally) {
			tally = new WitnessTally();
			this.tallies[endpoint] = tally;
		}

		return tally;
	}

	/** One read at a time: each record is handed over once. */
	private read(): Promise<void> {
		this.reading = this.reading.then(async () => {
			if (this.failure !== undefined) return;
			try {
				for (const record of await readRecords(this.source)) {
					const sample = this.pending.get(record.id);
					if (sample) {
						this.pending.delete(record.id);
						this.tallyOf(sample.endpoint).add(sample, record);
					} else {
						this.early.set(record.id, record);
						if (this.early.size > maxEarly) this.early.delete(this.early.keys().next().value ?? record.id);
					}
				}
			} catch (error) {
				this.failure = error instanceof Error ? error.message : String(error);
			}
		});
		return this.reading;
	}
}
