import {describe, expect, it} from 'vitest';
import {completePlan} from '../../source/plan/draft.js';
import {Recorder} from '../../source/session/recorder.js';
import type {Sample} from '../../source/engine/endpoint.js';
import {draftFrom, makeInfo} from '../helpers/drafts.js';

/** Feeds a recorder 30 interleaved rounds of two endpoints, the second 2 ms slower to its first byte. */
function liveRows(args: string[]) {
	const recorder = new Recorder({plan: completePlan(draftFrom(args)), outputs: {}, mock: true});
	const endpoints = [makeInfo({name: 'direct'}), makeInfo({name: 'via gateway'})];
	recorder.handle({type: 'run-start', runId: 1, endpoints, startNs: 0n});
	for (const endpoint of [0, 1]) recorder.handle({type: 'endpoint-start', runId: 1, endpoint, startNs: process.hrtime.bigint()});
	for (let seq = 0; seq < 30; seq++) {
		for (const endpoint of [0, 1]) {
			const extra = endpoint * 2000 + (seq % 5) * 100;
			const sample: Sample = {
				endpoint,
				seq,
				startOffsetUs: seq * 10_000,
				durationUs: 50_000 + extra,
				ttfbUs: 1000 + extra,
				ttftUs: 20_000 + extra,
				outcome: 'ok',
				bytes: 100,
			};
			recorder.handle({type: 'sample', runId: 1, sample});
		}
	}

	recorder.store.flush();
	return recorder.liveComparison();
}

describe('the live comparison', () => {
	it('of an overhead run (a real upstream here, so no record is read) also pairs TTFB, for the console’s lines of what each gateway adds; of any other, latency and TTFT', () => {
		const overhead = liveRows(['--through', 'http://127.0.0.1:9/v1', '--upstream', 'http://127.0.0.1:8/v1']);
		expect(Object.keys(overhead?.[0]?.paired?.metrics ?? {}).sort()).toEqual(['latency', 'ttfb', 'ttft']);
		expect(overhead?.[0]?.paired?.metrics.ttfb?.figures[0]?.differenceMs).toBeCloseTo(2, 5);
		const compared = liveRows(['--openai', 'http://127.0.0.1:9/v1', '--openai', 'http://127.0.0.1:8/v1', '--interleave']);
		expect(Object.keys(compared?.[0]?.paired?.metrics ?? {}).sort()).toEqual(['latency', 'ttft']);
	});
});
