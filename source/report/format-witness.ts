import type {Distribution} from '../stats/histogram.js';
import type {CancelOutcome, FaultOutcome, WitnessSummary} from '../stats/witness-tally.js';
import type {RunMeta} from '../output/json.js';

const ms = (value: number) => value.toFixed(2);
const signed = (value: number) => `${value >= 0 ? '+' : '-'}${ms(Math.abs(value))}`;

/** `p50 0.92 ms (+0.54)`: a figure, and how far it is from the baseline's. */
function figure(label: string, mine: Distribution | null, theirs: Distribution | null | undefined, key: 'p50' | 'p99'): string | undefined {
	if (!mine) return undefined;
	const against = theirs && theirs !== mine ? ` (${signed(mine[key] - theirs[key])})` : '';
	return `${label} ${ms(mine[key])} ms${against}`;
}

/** Header names one path's requests brought to the upstream and the other's did not (in at least half of them). */
function headerChanges(mine: WitnessSummary, baseline: WitnessSummary): string[] {
	const brought = (summary: WitnessSummary) =>
		new Set(Object.entries(summary.headers).flatMap(([name, count]) => (count * 2 >= summary.witnessed && name !== 'x-gatebench-id' ? [name] : [])));
	const [ours, theirs] = [brought(mine), brought(baseline)];
	const added = [...ours].filter((name) => !theirs.has(name));
	const removed = [...theirs].filter((name) => !ours.has(name));
	return [...(added.length > 0 ? [`added ${added.join(', ')}`] : []), ...(removed.length > 0 ? [`removed ${removed.join(', ')}`] : [])];
}

/** `ok 5, http_503 1`: what the client got, the commonest first. */
const gotText = (clientGot: Readonly<Record<string, number>>) =>
	Object.entries(clientGot)
		.sort(([, a], [, b]) => b - a)
		.map(([kind, count]) => `${kind} ${count}`)
		.join(', ');

const commonest = (clientGot: Readonly<Record<string, number>>) => Object.entries(clientGot).sort(([, a], [, b]) => b - a)[0]?.[0];

/**
 * What a path did with the requests the upstream failed on purpose: retried them, gave up on the
 * upstream (timed out), or answered the client as going direct does (passed through) or otherwise (translated).
 */
export function faultLine(fault: string, mine: FaultOutcome, direct: FaultOutcome | undefined): string {
	const got = gotText(mine.clientGot);
	const head = `${fault} ×${mine.requests}`;
	if (mine.retried * 2 >= mine.requests)
		return `${head}: retried (${mine.retried}/${mine.requests}, ${(mine.attempts / mine.requests).toFixed(2)} attempts each, ${ms(mine.meanMs)} ms on average), then ${got}`;
	if (mine.abandoned * 2 >= mine.requests && mine.abandonedAfterMs !== null)
		return `${head}: timed out (the upstream was left after ${ms(mine.abandonedAfterMs)} ms on average) → ${got}`;
	if (!direct) return `${head} → ${got}`;
	const [ours, theirs] = [commonest(mine.clientGot), commonest(direct.clientGot)];
	return ours === theirs ? `${head}: passed through → ${got}` : `${head}: translated → ${got} (direct: ${theirs ?? 'none'})`;
}

/**
 * Whether the client's cancellations reached the upstream: `cancelled ×12: the upstream stopped 12
 * (0.41 ms after the client on average), 0.00 tokens written after` or `…: the upstream stopped
 * none, and wrote 17.50 tokens a request after the client left`.
 */
export function cancelLine(cancelled: CancelOutcome): string {
	const {requests, stopped, stoppedAfterMs, tokensAfter, unended} = cancelled;
	const head = `cancelled ×${requests}`;
	const going = unended > 0 ? `; ${unended} still being written when the run ended` : '';
	if (stopped === 0) return `${head}: the upstream stopped none, and wrote ${tokensAfter.toFixed(2)} tokens a request after the client left${going}`;
	const when = stoppedAfterMs === null ? '' : ` (${ms(stoppedAfterMs)} ms after the client on average)`;
	return `${head}: the upstream stopped ${stopped === requests ? 'every one' : `${stopped}`}${when}, ${tokensAfter.toFixed(2)} tokens a request written after the client left${going}`;
}

/** What the path said of itself in its replies' headers, beside what the upstream counted. */
function selfReportNotes(mine: WitnessSummary): string[] {
	const {retryCountRequests, retryCountMean, serverTimingMs} = mine.selfReports;
	const notes: string[] = [];
	if (retryCountMean !== null)
		notes.push(
			`says ${retryCountMean.toFixed(2)} retries a reply (x-portkey-retry-attempt-count, ${retryCountRequests} replies); the upstream counted ${(mine.attemptsPerRequest - 1).toFixed(2)}`,
		);
	if (serverTimingMs) notes.push(`says server-timing p50 ${ms(serverTimingMs.p50)} ms, p99 ${ms(serverTimingMs.p99)} ms`);
	return notes;
}

/** What the upstream saw of one endpoint: a line of figures, then notes (what arrived, what it said of itself, each fault's fate). */
export type UpstreamEntry = {readonly name: string; readonly summary: string; readonly notes: readonly string[]};

function entry(name: string, mine: WitnessSummary, baseline: WitnessSummary | undefined): UpstreamEntry {
	const base = baseline === mine ? undefined : baseline;
	if (mine.witnessed === 0)
		return {name, summary: `the upstream saw none of its requests${mine.unseen > 0 ? ` (${mine.unseen} answered without it)` : ''}`, notes: []};
	const timing = [
		figure('forwarded p50', mine.forwardMs, base?.forwardMs, 'p50'),
		figure('each event p50', mine.eventDelayMs, base?.eventDelayMs, 'p50'),
		figure('p99', mine.eventDelayMs, base?.eventDelayMs, 'p99'),
	].filter((part): part is string => part !== undefined);
	const connections = `${mine.upstreamConnections} connection${mine.upstreamConnections === 1 ? '' : 's'} to the upstream for ${mine.witnessed} requests`;
	const attempts = `${mine.attemptsPerRequest.toFixed(2)} attempts a request`;
	const arrived = [
		...(mine.unseen > 0 ? [`${mine.unseen} answered without reaching the upstream`] : []),
		...(mine.clientGone > 0 ? [`the upstream saw ${mine.clientGone} replies abandoned before their end`] : []),
		`credentials reached the upstream in ${mine.credentials}/${mine.witnessed}`,
		...(base ? headerChanges(mine, base).map((change) => `headers ${change}`) : []),
	];
	const faults = Object.entries(mine.faults).map(([fault, outcome]) => faultLine(fault, outcome, base?.faults[fault]));
	const cancels = mine.cancelled ? [cancelLine(mine.cancelled)] : [];
	return {name, summary: [...timing, connections, attempts].join(' · '), notes: [arrived.join('; '), ...selfReportNotes(mine), ...faults, ...cancels]};
}

/** Each endpoint's entry, against the first (the direct path). */
export const upstreamEntries = (names: readonly string[], witness: NonNullable<RunMeta['witness']>): UpstreamEntry[] => {
	const [baseline] = witness.endpoints;
	return witness.endpoints.map((summary, index) => entry(names[index] ?? `endpoint ${index + 1}`, summary, baseline));
};

/**
 * What the upstream saw of each endpoint's requests, against the first (the direct path): from
 * the client's send to the upstream's receipt, from each token's write to its arrival, connections
 * and attempts, and what arrived; or why its record could not be read.
 */
export function formatWitness(names: readonly string[], witness: NonNullable<RunMeta['witness']>): string {
	if (witness.failure !== undefined) return `The upstream's record could not be read: ${witness.failure}\n`;
	const body = upstreamEntries(names, witness).flatMap(({name, summary, notes}) => [`  ${name}: ${summary}`, ...notes.map((note) => `    ${note}`)]);
	if (body.length === 0) return '';
	return ['What the upstream saw (ms; in parentheses, the difference from the first):', ...body].join('\n') + '\n';
}
