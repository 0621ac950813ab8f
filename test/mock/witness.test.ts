import {afterEach, describe, expect, it} from 'vitest';
import {type MockServer, startMock} from '../../source/mock/server.js';
import type {WitnessRecord} from '../../source/engine/witness-record.js';

const mocks: MockServer[] = [];
afterEach(async () => {
	for (const mock of mocks.splice(0)) await mock.close();
});

async function started(witnessToken?: string, faults: Parameters<typeof startMock>[0] = {}): Promise<MockServer> {
	const mock = await startMock({ttftMs: 5, tokenDelayMs: 1, minTokens: 4, maxTokens: 4, witnessToken, ...faults});
	mocks.push(mock);
	return mock;
}

const chat = (mock: MockServer, headers: Record<string, string>) =>
	fetch(`${mock.url}/v1/chat/completions`, {
		method: 'POST',
		headers: {'content-type': 'application/json', ...headers},
		body: JSON.stringify({
			model: 'm',
			max_tokens: 9,
			stream: true,
			stream_options: {include_usage: true},
			temperature: 0.5,
			messages: [{role: 'user', content: 'hi'}],
		}),
	}).then(async (reply) => reply.text());

const readRecord = (mock: MockServer, token?: string, query = '') =>
	fetch(`${mock.url}/mock/witness${query}`, {headers: token === undefined ? {} : {authorization: `Bearer ${token}`}});

describe('the mock as a witness (--witness-token)', () => {
	it('records what each named request brought and when each token was written, and hands each record over once, to its token only', async () => {
		const mock = await started('secret');
		const before = process.hrtime.bigint();
		await chat(mock, {'x-gatebench-id': 'a.1', authorization: 'Bearer k'});
		await chat(mock, {'x-gatebench-id': 'a.1'});
		await chat(mock, {});
		expect((await readRecord(mock)).status).toBe(401);
		expect((await readRecord(mock, 'wrong')).status).toBe(401);
		const {records} = (await (await readRecord(mock, 'secret', '?id=a.1')).json()) as {records: WitnessRecord[]};
		expect(records).toHaveLength(1);
		const [record] = records;
		// Two attempts under one name; the last described: no credentials this time.
		expect(record).toMatchObject({id: 'a.1', attempts: 2, credentials: false, clientGone: false, served: ['ok', 'ok']});
		expect(record?.body).toEqual({model: 'm', maxTokens: 9, stream: true, includeUsage: true, temperature: 0.5});
		expect(record?.headers).toContain('x-gatebench-id');
		expect(record?.tokensNs).toHaveLength(4);
		const times = [record?.receivedNs, ...(record?.tokensNs ?? []), record?.endedNs].map((ns) => BigInt(ns ?? '0'));
		expect(times[0]).toBeGreaterThan(before);
		for (let index = 1; index < times.length; index++) expect(times[index]).toBeGreaterThanOrEqual(times[index - 1] ?? 0n);
		// Handed over once; a request without a name is never recorded.
		expect(((await (await readRecord(mock, 'secret')).json()) as {records: unknown[]}).records).toEqual([]);
	});

	it('says what it did with each attempt: served it, or the fault it injected', async () => {
		const mock = await started('secret', {fault: 'cut-stream', faultRate: 1, failRate: 0.5, failStatus: 503, seed: 3});
		for (let attempt = 0; attempt < 6; attempt++) await chat(mock, {'x-gatebench-id': 'c.1'}).catch(() => '');
		const {records} = (await (await readRecord(mock, 'secret')).json()) as {records: WitnessRecord[]};
		expect(records[0]?.served).toHaveLength(6);
		// Each attempt either failed with the status or had its stream cut: both appear in six.
		expect(new Set(records[0]?.served)).toEqual(new Set(['status 503', 'cut-stream']));
	});

	it('keeps no record, and says so, without a token', async () => {
		const mock = await started();
		await chat(mock, {'x-gatebench-id': 'b.1'});
		expect((await readRecord(mock, 'anything')).status).toBe(404);
	});
});
