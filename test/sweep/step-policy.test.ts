import {describe, expect, it} from 'vitest';
import type {SloVerdict} from '../../source/stats/judge-slo.js';
import {type PolicyBounds, StepPolicy} from '../../source/sweep/step-policy.js';

type Walk = {readonly loads: string[]; readonly policy: StepPolicy};

/** Runs the policy against a server described by what each load shows: no server, no clock. */
function walk(bounds: PolicyBounds, verdictAt: (load: number, repeat: boolean) => SloVerdict, saturatedAt: (load: number) => boolean = () => false): Walk {
	const policy = new StepPolicy(bounds);
	const loads: string[] = [];
	for (let next = policy.next(); next; next = policy.next()) {
		loads.push(`${next.load}${next.repeat ? ' again' : ''}`);
		expect(loads.length).toBeLessThan(100);
		policy.record({verdict: verdictAt(next.load, next.repeat), saturated: saturatedAt(next.load)});
	}

	return {loads, policy};
}

const concurrency = (max = 256): PolicyBounds => ({mode: 'concurrency', first: 1, max, resolution: {step: 1}});

describe('the capacity search policy', () => {
	it('doubles until a load breaks, then bisects to the resolution', () => {
		const {loads, policy} = walk(concurrency(), (load) => (load <= 8 ? 'pass' : 'fail'));
		expect(loads).toEqual(['1', '2', '4', '8', '16', '12', '10', '9']);
		expect(policy).toMatchObject({best: 8, broke: 9, stoppedBy: 'slo'});
	});

	it('measures a borderline load again, and counts it broken when borderline twice', () => {
		const {loads, policy} = walk(concurrency(), (load) => (load <= 4 ? 'pass' : load === 8 ? 'borderline' : 'fail'));
		expect(loads).toEqual(['1', '2', '4', '8', '8 again', '6', '5']);
		expect(policy).toMatchObject({best: 4, broke: 5, stoppedBy: 'slo'});
		// Borderline then a pass on the second look: held.
		const held = walk(concurrency(8), (load, repeat) => (load === 8 && !repeat ? 'borderline' : 'pass'));
		expect(held.loads).toEqual(['1', '2', '4', '8', '8 again']);
		expect(held.policy).toMatchObject({best: 8, broke: undefined, stoppedBy: 'maximum'});
	});

	it('stops climbing at saturation, and at the maximum (which it tries even when not a power of two)', () => {
		const saturation = walk(
			concurrency(),
			() => 'pass',
			(load) => load === 4,
		);
		expect(saturation.loads).toEqual(['1', '2', '4']);
		expect(saturation.policy).toMatchObject({best: 4, stoppedBy: 'saturation'});
		const maximum = walk(concurrency(12), () => 'pass');
		expect(maximum.loads).toEqual(['1', '2', '4', '8', '12']);
		expect(maximum.policy).toMatchObject({best: 12, stoppedBy: 'maximum'});
	});

	it('answers no load when even the first breaks, and has nothing to try beyond the maximum', () => {
		const none = walk(concurrency(), () => 'fail');
		expect(none.loads).toEqual(['1']);
		expect(none.policy).toMatchObject({best: 0, broke: 1, stoppedBy: 'slo'});
		expect(walk({mode: 'rate', first: 0, max: 100, resolution: {share: 0.05}}, () => 'pass').loads).toEqual([]);
		expect(walk({...concurrency(4), first: 8}, () => 'pass').loads).toEqual([]);
	});

	it('rates: from the single-stream rate, bisected to a tenth of a request per second within the share', () => {
		const {loads, policy} = walk({mode: 'rate', first: 5.2, max: 1000, resolution: {share: 0.05}}, (load) => (load <= 42 ? 'pass' : 'fail'));
		expect(loads.slice(0, 5)).toEqual(['5.2', '10.4', '20.8', '41.6', '83.2']);
		expect(policy.best).toBeGreaterThanOrEqual(41.6);
		expect(policy.best).toBeLessThanOrEqual(42);
		expect(policy.broke).toBeGreaterThan(42);
		// Stopped within 5 % of the last load that held.
		expect((policy.broke ?? 0) - policy.best).toBeLessThanOrEqual(policy.best * 0.05);
		for (const load of loads) expect(Number(load)).toBe(Math.round(Number(load) * 10) / 10);
	});

	it('a coarser resolution stops the bisection sooner', () => {
		const {loads, policy} = walk({...concurrency(), resolution: {step: 4}}, (load) => (load <= 8 ? 'pass' : 'fail'));
		expect(loads).toEqual(['1', '2', '4', '8', '16', '12']);
		expect(policy).toMatchObject({best: 8, broke: 12});
	});
});
