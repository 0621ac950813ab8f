import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {MockServer} from '../../source/mock/server.js';
import {completionBodyCap} from '../../source/targets/completion-reply.js';
import type {EndpointInfo} from '../../source/engine/endpoint.js';
import {type FaultRun, expectFaultAccounting, pingConfigs, runWithFault, startFaultMock} from '../helpers/faults.js';
import {kindFor} from '../helpers/fault-kinds.js';

/**
 * Streams pad with SSE comments forever, so only the client's cap can end them (long before the 10 s timeout);
 * whole replies are one byte over the 32 MiB completions cap, pings 1 MiB (cap 64 KiB). One request per
 * completions endpoint keeps the suite quick: each one moves 32 MiB.
 */
let mock: MockServer;
let completions: FaultRun;
let pings: FaultRun;
let somePings: FaultRun;
beforeAll(async () => {
	mock = await startFaultMock();
	completions = await runWithFault(
		mock,
		'huge-body',
		1,
		[
			{pipeline: 'completions', provider: 'anthropic', stream: true},
			{pipeline: 'completions', provider: 'fireworks', stream: false},
		],
		{requests: 1},
		{hugeBodyBytes: completionBodyCap + 1},
	);
	pings = await runWithFault(mock, 'huge-body', 1, pingConfigs, {}, {hugeBodyBytes: 1024 * 1024});
	somePings = await runWithFault(mock, 'huge-body', 0.5, pingConfigs, {requests: 8}, {hugeBodyBytes: 1024 * 1024});
});
afterAll(async () => mock.close());

/** The one kind each endpoint reported, whatever it is: the accounting must hold regardless. */
const kindsOf = (run: FaultRun): ((info: EndpointInfo) => string | undefined) => {
	const kinds = new Map(run.endpoints.map(({stats}) => [stats.info.name, Object.keys(stats.errors)[0]]));
	return (info) => kinds.get(info.name);
};

describe('huge and endless bodies', () => {
	it('fail each request once and end it at the cap, not at the timeout or the end of the body', () => {
		expectFaultAccounting(completions, 1, kindsOf(completions));
		expectFaultAccounting(pings, 1, kindsOf(pings));
		for (const {stats} of [...completions.endpoints, ...pings.endpoints]) {
			expect(Object.keys(stats.errors), stats.info.name).not.toContain('timeout');
		}
	});

	it('at fault rate 0.5 the other pings succeed, WebSockets after reconnecting', () => {
		expectFaultAccounting(somePings, 0.5, kindsOf(somePings));
	});

	it('an HTTP reply past the client cap is body_too_large', () => {
		expectFaultAccounting(completions, 1, kindFor('huge-body'));
		const http = {...pings, endpoints: pings.endpoints.filter(({stats}) => stats.info.pipeline === 'http')};
		expectFaultAccounting({...http, faults: http.endpoints.length * 4}, 1, kindFor('huge-body'));
	});

	// ws-ping.ts caps a reply with maxPayload, so ws never buffers a huge message.
	it('a WebSocket message past the ping cap is body_too_large', () => {
		for (const {stats} of pings.endpoints.filter(({stats}) => stats.info.pipeline === 'websocket')) {
			expect(stats.errors, stats.info.name).toEqual({body_too_large: 4});
		}
	});
});
