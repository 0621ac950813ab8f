import {vi} from 'vitest';
import type {RunPlan} from '../../source/plan/run-plan.js';
import type {SessionResult} from '../../source/session/session-types.js';
import {RunStore} from '../../source/stats/run-store.js';
import type {ConsoleSession} from '../../source/ui/use-run-controller.js';
import type {EndpointInfo} from '../../source/engine/endpoint.js';
import {makeInfo} from './drafts.js';

/** A session whose run the test drives by hand, through a real RunStore. */
export function fakeSession(plan: RunPlan) {
	const store = new RunStore({requests: plan.requests}, 0);
	let end: (interrupted: boolean) => void = () => {};
	const ended = new Promise<boolean>((resolve) => {
		end = resolve;
	});
	let seq = 0;
	const session = {
		plan,
		mock: undefined,
		store,
		stop: vi.fn(() => {
			store.handle({type: 'run-end', runId: 1, interrupted: true});
			end(true);
		}),
		steer: vi.fn(),
		saveNow: vi.fn(async () => ['partial.csv']),
		async finish(): Promise<SessionResult> {
			const interrupted = await ended;
			store.flush();
			// Only what the console reads; the rest of a SessionResult does not concern its screens.
			const result: Pick<SessionResult, 'run' | 'snapshot' | 'json' | 'thresholds' | 'written'> = {
				run: {runId: 1, interrupted, startedAt: new Date(), finishedAt: new Date()},
				snapshot: store.getSnapshot(),
				json: {} as SessionResult['json'],
				thresholds: [],
				written: ['results/agg.csv', 'results/req.csv'],
			};
			return result as SessionResult;
		},
	} satisfies ConsoleSession;
	const driver = {
		begin(info: Partial<EndpointInfo> = {}) {
			store.handle({type: 'run-start', runId: 1, endpoints: [makeInfo(info)], startNs: 0n});
			store.handle({type: 'endpoint-start', runId: 1, endpoint: 0, startNs: process.hrtime.bigint()});
		},
		sample(durationUs: number) {
			store.handle({type: 'sample', runId: 1, sample: {endpoint: 0, seq: seq++, startOffsetUs: seq * 1000, durationUs, outcome: 'ok', bytes: 4}});
		},
		complete() {
			store.handle({type: 'endpoint-done', runId: 1, endpoint: 0});
			store.handle({type: 'run-end', runId: 1, interrupted: false});
			end(false);
		},
	};
	return {session, driver};
}
