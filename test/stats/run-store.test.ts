import {describe, expect, it} from 'vitest';
import {RunStore, type Timers} from '../../source/stats/run-store.js';
import type {EndpointInfo, Sample} from '../../source/engine/endpoint.js';

/** Timers the test fires by hand. */
function manualTimers() {
	const pending = new Map<number, () => void>();
	let next = 0;
	const timers: Timers = {
		setTimeout(callback) {
			pending.set(++next, callback);
			return next;
		},
		clearTimeout: (handle) => pending.delete(handle as number),
	};
	const fire = () => {
		const callbacks = [...pending.values()];
		pending.clear();
		for (const callback of callbacks) callback();
	};

	return {timers, fire, pending};
}

const info: EndpointInfo = {name: 'http(s): gateway', pipeline: 'http', target: 'gateway', provider: null, stream: null, url: 'http://x'};
const sample = (seq: number, outcome: Sample['outcome'] = 'ok'): Sample => ({endpoint: 0, seq, startOffsetUs: seq, durationUs: 1000 + seq, outcome, bytes: 4});

describe('RunStore', () => {
	it('notifies once for a burst of samples, never while idle, and keeps snapshots immutable', () => {
		const {timers, fire, pending} = manualTimers();
		const store = new RunStore({requests: 1000}, 66, timers);
		let notified = 0;
		store.subscribe(() => notified++);
		store.handle({type: 'run-start', runId: 1, endpoints: [info], startNs: 0n});
		store.handle({type: 'endpoint-start', runId: 1, endpoint: 0, startNs: process.hrtime.bigint()});
		notified = 0;
		const before = store.getSnapshot();
		for (let seq = 0; seq < 1000; seq++) store.handle({type: 'sample', runId: 1, sample: sample(seq, seq % 100 === 0 ? 'http_503' : 'ok')});
		expect(notified).toBe(0);
		expect(store.getSnapshot()).toBe(before);
		expect(pending.size).toBe(1);
		fire();
		expect(notified).toBe(1);
		const after = store.getSnapshot();
		expect(after.endpoints[0]?.requests).toBe(1000);
		expect(after.endpoints[0]?.failed).toBe(10);
		expect(after.endpoints[0]?.errors).toEqual({http_503: 10});
		expect(before.endpoints[0]?.requests).toBe(0);
		// Idle: nothing scheduled, nothing notified.
		fire();
		expect(pending.size).toBe(0);
		expect(notified).toBe(1);
	});

	it('reports lifecycle changes at once', () => {
		const {timers} = manualTimers();
		const store = new RunStore({requests: 10}, 66, timers);
		store.handle({type: 'run-start', runId: 1, endpoints: [info], startNs: 0n});
		store.handle({type: 'endpoint-start', runId: 1, endpoint: 0, startNs: process.hrtime.bigint()});
		expect(store.getSnapshot().current).toBe(0);
		store.handle({type: 'sample', runId: 1, sample: sample(0)});
		store.handle({type: 'endpoint-done', runId: 1, endpoint: 0});
		store.handle({type: 'run-end', runId: 1, interrupted: true});
		const snapshot = store.getSnapshot();
		expect(snapshot.finished).toBe(true);
		expect(snapshot.interrupted).toBe(true);
		expect(snapshot.endpoints[0]?.state).toBe('done');
		expect(snapshot.endpoints[0]?.requests).toBe(1);
	});
});
