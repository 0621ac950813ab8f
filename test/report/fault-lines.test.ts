import {describe, expect, it} from 'vitest';
import {faultLine} from '../../source/report/format-witness.js';
import type {FaultOutcome} from '../../source/stats/witness-tally.js';

const outcome = (changes: Partial<FaultOutcome>): FaultOutcome => ({
	requests: 4,
	clientGot: {http_503: 4},
	retried: 0,
	attempts: 4,
	abandoned: 0,
	abandonedAfterMs: null,
	meanMs: 12,
	...changes,
});

describe('what a path did with the failures the upstream injected', () => {
	const direct = outcome({});
	it('passed through: the client got what going direct gives', () => {
		expect(faultLine('status 503', outcome({}), direct)).toBe('status 503 ×4: passed through → http_503 4');
	});

	it('translated: the client got another answer, and the line says what going direct gives', () => {
		expect(faultLine('status 503', outcome({clientGot: {http_502: 3, http_503: 1}}), direct)).toBe(
			'status 503 ×4: translated → http_502 3, http_503 1 (direct: http_503)',
		);
	});

	it('retried, when most reached the upstream again; timed out, when the gateway left most', () => {
		expect(faultLine('status 429', outcome({retried: 3, attempts: 9, clientGot: {ok: 3, http_429: 1}, meanMs: 2012.5}), direct)).toBe(
			'status 429 ×4: retried (3/4, 2.25 attempts each, 2012.50 ms on average), then ok 3, http_429 1',
		);
		expect(faultLine('stall', outcome({abandoned: 4, abandonedAfterMs: 1000.4, clientGot: {connection_reset: 4}}), undefined)).toBe(
			'stall ×4: timed out (the upstream was left after 1000.40 ms on average) → connection_reset 4',
		);
	});
});
