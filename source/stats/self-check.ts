import type {ClientLoad} from '../engine/client-load.js';

/** Rate mode: sends that left late although a worker was free, so the client, not the server, made them late. */
export type LateSends = {readonly count: number; readonly share: number; readonly maxMs: number};

/** Whether gatebench itself, not the server, limited what an endpoint's numbers show. */
export type SelfCheck = {
	/** Over the endpoint's whole run once it is done; the last second while it runs. */
	readonly client: ClientLoad | null;
	readonly lateSends: LateSends | null;
	readonly clientBound: boolean;
	/** One line each: what was seen and what it does to the numbers. */
	readonly warnings: readonly string[];
};

/** The loop busy this share of the time: replies queue behind the client's own work. */
const busyLimit = 0.9;
/** A timer this late at p99: any reply may have waited about as long before being timed. */
const delayLimitMs = 10;
/** Late sends (with a worker free) above this share: the client cannot keep the schedule. */
const lateShareLimit = 0.01;
/** Under this span the loop figures are start-up noise (JIT, imports), not a verdict. */
const minimumSpanMs = 500;

const percent = (share: number) => `${Math.round(share * 100)}%`;

export function selfCheckOf(client: ClientLoad | null, lateSends: LateSends | null): SelfCheck {
	const warnings: string[] = [];
	if (client && client.spanMs >= minimumSpanMs) {
		// Each measuring thread judged on its own: one busy thread delays the replies it reads.
		const threads = client.threads ?? [client];
		const loops = (judged: readonly ClientLoad[], verb: string, verbs: string) =>
			threads.length === 1
				? `gatebench's event loop ${verb}`
				: `${judged.length} of ${threads.length} measuring threads' event loops ${judged.length === 1 ? verb : verbs}`;
		const busy = threads.filter((thread) => thread.loopUtilization >= busyLimit);
		if (busy.length > 0) {
			const most = Math.max(...busy.map((thread) => thread.loopUtilization));
			warnings.push(
				`client busy: ${loops(busy, 'was', 'were')} busy ${threads.length === 1 ? '' : 'up to '}${percent(most)} of the time, so replies waited for the client and latencies include its queueing (lower -c, or split the load over machines)`,
			);
		}

		const late = threads.filter((thread) => thread.loopDelayMs.p99 >= delayLimitMs);
		if (late.length > 0) {
			const p99 = Math.max(...late.map((thread) => thread.loopDelayMs.p99));
			const max = Math.max(...late.map((thread) => thread.loopDelayMs.max));
			warnings.push(
				`client stalls: ${loops(late, 'ran', 'ran')} up to ${p99.toFixed(1)} ms late (p99; max ${max.toFixed(1)} ms), so timings can include that much client delay (is the machine short of CPU?)`,
			);
		}
	}

	if (lateSends && lateSends.count >= 3 && lateSends.share >= lateShareLimit) {
		warnings.push(
			`client behind schedule: ${lateSends.count} sends (${percent(lateSends.share)}) left over 2 ms late (worst ${lateSends.maxMs.toFixed(1)} ms) with a worker free, so the client could not hold the rate`,
		);
	}

	return {client, lateSends, clientBound: warnings.length > 0, warnings};
}
