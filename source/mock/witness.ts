import type {IncomingMessage, ServerResponse} from 'node:http';
import {hasToken, sendJson} from './http.js';
import type {MockContext} from './mock-options.js';
import {witnessHeader, witnessIdPattern, type WitnessRecord} from '../engine/witness-record.js';

/** Records kept at most: the oldest go first (a run reads its records as it goes). */
const maxRecords = 100_000;

const toNumber = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);

/** A record being written, and the witness it goes to once it has a name. */
type Following = {readonly record: WitnessRecord; readonly witness: Witness};

/** The records being written, by the request and the reply they follow (any mock of this process). */
const byRequest = new WeakMap<IncomingMessage, Following>();
const byResponse = new WeakMap<ServerResponse, WitnessRecord>();

/**
 * What a request's body asked for (the completion routes call this once they have parsed it); a
 * request its headers did not name is named here by its body's `user`, when that is gatebench's.
 */
export function noteBody(request: IncomingMessage, body: Record<string, unknown>): void {
	const following = byRequest.get(request);
	if (!following) return;
	const {record, witness} = following;
	const options = body['stream_options'];
	record.body = {
		model: typeof body['model'] === 'string' ? body['model'].slice(0, 200) : undefined,
		maxTokens: toNumber(body['max_tokens'] ?? body['max_completion_tokens']),
		stream: typeof body['stream'] === 'boolean' ? body['stream'] : undefined,
		includeUsage: typeof options === 'object' && options !== null ? (options as Record<string, unknown>)['include_usage'] === true : undefined,
		temperature: toNumber(body['temperature']),
	};
	const user = body['user'];
	if (record.id === '' && typeof user === 'string' && witnessIdPattern.test(user)) witness.keep(record, user);
}

/** The upstream answers this request with a fault (`status 503`, `cut-stream`, …) instead of serving it. */
export function noteFault(request: IncomingMessage, fault: string): void {
	const record = byRequest.get(request)?.record;
	if (record) record.served[record.served.length - 1] = fault;
}

/** A generated token of this reply was just written. */
export function noteToken(response: ServerResponse): void {
	byResponse.get(response)?.tokensNs.push(process.hrtime.bigint().toString());
}

/** The upstream's record of the requests gatebench names (`x-gatebench-id`, or the body's `user`), until they are read. */
export class Witness {
	private readonly records = new Map<string, WitnessRecord>();

	/** Follows a request and its reply; it is kept once it has a name (its header's now, or its body's later). */
	begin(request: IncomingMessage, response: ServerResponse): void {
		const header = request.headers[witnessHeader];
		const record: WitnessRecord = {
			id: '',
			attempts: 1,
			receivedNs: process.hrtime.bigint().toString(),
			connection: `${request.socket.remoteAddress ?? ''}:${request.socket.remotePort ?? 0}`,
			headers: Object.keys(request.headers).sort(),
			credentials: request.headers.authorization !== undefined || request.headers['x-api-key'] !== undefined,
			body: {},
			tokensNs: [],
			clientGone: false,
			served: ['ok'],
		};
		byRequest.set(request, {record, witness: this});
		byResponse.set(response, record);
		response.once('close', () => {
			record.endedNs = process.hrtime.bigint().toString();
			record.clientGone = !response.writableFinished;
		});
		if (typeof header === 'string') this.keep(record, header.slice(0, 200));
	}

	/** Keeps a record under its name, counting the attempts that came with it. */
	keep(record: WitnessRecord, id: string): void {
		const earlier = this.records.get(id);
		record.id = id;
		record.attempts = (earlier?.attempts ?? 0) + 1;
		record.served = [...(earlier?.served ?? []), ...record.served.slice(-1)];
		// Re-inserted: the oldest record is always first, and goes first when there are too many.
		this.records.delete(id);
		this.records.set(id, record);
		if (this.records.size > maxRecords) this.records.delete(this.records.keys().next().value ?? id);
	}

	/** Hands over (and forgets) the records of finished requests: the ids asked for, or all. */
	take(ids?: readonly string[]): WitnessRecord[] {
		const taken: WitnessRecord[] = [];
		for (const id of ids ?? [...this.records.keys()]) {
			const record = this.records.get(id);
			if (!record || record.endedNs === undefined) continue;
			this.records.delete(id);
			taken.push(record);
		}

		return taken;
	}
}

/**
 * `GET /mock/witness[?id=…&id=…]` with the witness token: the finished records asked for (all
 * without ids), each handed over once. 404 when the mock keeps no record, 401 without the token.
 */
export function handleWitness(
	witness: Witness | undefined,
	token: string | undefined,
): (request: IncomingMessage, response: ServerResponse, context: MockContext) => void {
	return (request, response, context) => {
		request.resume();
		const {headers} = context.reply();
		if (!witness || token === undefined) return sendJson(response, 404, headers, {error: 'this mock keeps no witness record (--witness-token)'});
		if (!hasToken(request, token)) return sendJson(response, 401, headers, {error: 'the witness record needs its token'});
		const ids = new URL(request.url ?? '/', 'http://mock').searchParams.getAll('id');
		sendJson(response, 200, headers, {records: witness.take(ids.length > 0 ? ids : undefined)});
	};
}
