import type {EndpointStats} from './endpoint-stats.js';
import {emptyFidelity, type FidelityCounts} from './fidelity.js';
import type {WitnessSummary} from './witness-tally.js';

/**
 * What a path did to the replies, as the client can judge it against the baseline (the first
 * endpoint) and the model asked for:
 * - `buffered`: most of its streams' events arrived together where the baseline's were paced;
 * - `held-headers`: its headers came with the first token where the baseline's came first;
 * - `re-chunked`: its streams came in many more pieces (reads of the socket) an event than the baseline's;
 * - `did-less-work`: it brought fewer output tokens a reply than the baseline;
 * - `model-changed`: its replies name another model than the baseline's (or than the one asked);
 * - `usage-changed`: its usage counts another number of tokens for what arrived than the baseline's.
 * And, where the upstream witnessed the requests (witnessFlags):
 * - `request-rewritten`: the upstream read another model, max_tokens, stream, stream_options or temperature than the baseline's requests brought;
 * - `retried`: requests reached the upstream more than once;
 * - `events-merged`: streams brought another number of events than tokens the upstream wrote.
 */
export const fidelityFlagNames = [
	'buffered',
	'held-headers',
	're-chunked',
	'did-less-work',
	'model-changed',
	'usage-changed',
	'request-rewritten',
	'retried',
	'events-merged',
] as const;
export type FidelityFlagName = (typeof fidelityFlagNames)[number];

export type FidelityFlag = {readonly flag: FidelityFlagName; readonly detail: string};

/** Flags after which no "faster" is said: the path did not deliver the same answer. */
export const withholdingFlags: readonly FidelityFlagName[] = ['did-less-work', 'model-changed', 'request-rewritten'];

/** Metrics a buffered stream makes look better than they are (events counted apart that arrived together). */
export const distortedByBuffering = ['inter-token', 'TPOT', 'longest stall'] as const;

/** Least evidence before a flag is raised: streams, gaps and replies on both sides. */
const minimumReplies = 5;
const minimumGaps = 10;
const minimumLengths = 20;

/** `did less work (…)`: a flag as the outputs write it. */
export const flagText = (flag: FidelityFlag): string => `${flag.flag.replaceAll('-', ' ')} (${flag.detail})`;

const share = (part: number, whole: number) => (whole > 0 ? part / whole : 0);
const percent = (value: number) => `${Math.round(value * 100)} %`;

/** The model most replies named. */
export function mainModel(counts: FidelityCounts): string | undefined {
	let best: [string, number] | undefined;
	for (const entry of Object.entries(counts.models)) if (!best || entry[1] > best[1]) best = entry;
	return best?.[0];
}

/** A provider may answer `gpt-4o` with `gpt-4o-2024-08-06`: a dated name of the model asked is that model. */
const sameModel = (named: string, asked: string) => named === asked || named.startsWith(`${asked}-`);

/**
 * The flags of each endpoint, judged against the first (`askedModels[i]`: the model endpoint i's
 * requests name). The first endpoint is only judged against the model asked.
 */
export function fidelityFlags(counts: readonly FidelityCounts[], askedModels: readonly (string | undefined)[]): FidelityFlag[][] {
	const [baseline] = counts;
	return counts.map((mine, index) => {
		const flags: FidelityFlag[] = [];
		const model = mainModel(mine);
		const baseModel = baseline && index > 0 ? mainModel(baseline) : undefined;
		const asked = askedModels[index];
		if (model !== undefined && baseModel !== undefined && model !== baseModel) {
			flags.push({flag: 'model-changed', detail: `replies name ${model}, the baseline's ${baseModel}`});
		} else if (model !== undefined && baseModel === undefined && asked !== undefined && !sameModel(model, asked)) {
			flags.push({flag: 'model-changed', detail: `asked for ${asked}, replies name ${model}`});
		}

		if (!baseline || index === 0) return flags;
		const togetherShare = share(mine.nearZeroGaps, mine.gaps);
		const baseTogether = share(baseline.nearZeroGaps, baseline.gaps);
		if (mine.gaps >= minimumGaps && baseline.gaps >= minimumGaps && togetherShare >= 0.5 && togetherShare - baseTogether >= 0.3) {
			flags.push({
				flag: 'buffered',
				detail: `${percent(togetherShare)} of its events arrived together (under 1 ms apart), the baseline's ${percent(baseTogether)}`,
			});
		}

		const heldShare = share(mine.heldHeaders, mine.streams);
		const baseHeld = share(baseline.heldHeaders, baseline.streams);
		if (mine.streams >= minimumReplies && baseline.streams >= minimumReplies && heldShare >= 0.8 && baseHeld <= 0.2) {
			flags.push({
				flag: 'held-headers',
				detail: `headers came with the first token in ${mine.heldHeaders}/${mine.streams} streams, the baseline's in ${baseline.heldHeaders}/${baseline.streams}`,
			});
		}

		// Events cut across reads (a gateway writing each in pieces) make the client put them together again.
		const readsPerEvent = share(mine.reads, mine.readEvents);
		const baseReads = share(baseline.reads, baseline.readEvents);
		if (mine.readEvents >= minimumGaps && baseline.readEvents >= minimumGaps && readsPerEvent >= 1.5 && readsPerEvent >= 1.5 * baseReads) {
			flags.push({flag: 're-chunked', detail: `its streams came in ${readsPerEvent.toFixed(2)} reads an event, the baseline's in ${baseReads.toFixed(2)}`});
		}

		const perReply = share(mine.outputArrived, mine.replies);
		const basePerReply = share(baseline.outputArrived, baseline.replies);
		// Reply lengths vary (a provider's, the mock's drawn ones): a quarter fewer over 20 replies each is no accident.
		if (mine.replies >= minimumLengths && baseline.replies >= minimumLengths && perReply < 0.75 * basePerReply) {
			flags.push({flag: 'did-less-work', detail: `${perReply.toFixed(1)} output tokens a reply, the baseline ${basePerReply.toFixed(1)}`});
		}

		const perEvent = share(mine.usageTokens, mine.usageEvents);
		const basePerEvent = share(baseline.usageTokens, baseline.usageEvents);
		if (mine.usageEvents > 0 && baseline.usageEvents > 0 && Math.abs(perEvent - basePerEvent) > 0.1 * basePerEvent) {
			flags.push({
				flag: 'usage-changed',
				detail: `its usage counts ${perEvent.toFixed(2)} tokens an event that arrived, the baseline's ${basePerEvent.toFixed(2)}`,
			});
		}

		return flags;
	});
}

/** Why no "faster" or "slower" is said of an endpoint, when a flag says it did not deliver the same answer. */
export function withheldBecause(flags: readonly FidelityFlag[]): string | undefined {
	const reasons = flags.filter((flag) => withholdingFlags.includes(flag.flag));
	return reasons.length === 0 ? undefined : reasons.map(flagText).join('; ');
}

/** The flags of a run's endpoints, from their counts (none for an endpoint read from an older file). */
export const flagsOfEndpoints = (endpoints: readonly EndpointStats[]): FidelityFlag[][] =>
	fidelityFlags(
		endpoints.map((endpoint) => endpoint.fidelity ?? emptyFidelity()),
		endpoints.map((endpoint) => endpoint.info.model),
	);

/** The value most requests had. */
const mostOf = (counts: Readonly<Record<string, number>>): string | undefined => Object.entries(counts).sort((a, b) => b[1] - a[1])[0]?.[0];

/** Flags only the upstream's record can raise (each endpoint's summary; the first is the baseline's). */
export function witnessFlags(summaries: readonly WitnessSummary[]): FidelityFlag[][] {
	const [baseline] = summaries;
	return summaries.map((mine, index) => {
		const flags: FidelityFlag[] = [];
		if (mine.witnessed === 0) return flags;
		if (index > 0 && baseline && baseline.witnessed > 0) {
			const fields = Object.keys(mine.body) as Array<keyof WitnessSummary['body']>;
			const changed = fields.flatMap((field) => {
				const [theirs, ours] = [mostOf(baseline.body[field]), mostOf(mine.body[field])];
				return theirs === ours ? [] : [`${field} ${theirs ?? '?'} → ${ours ?? '?'}`];
			});
			if (changed.length > 0) flags.push({flag: 'request-rewritten', detail: `the upstream read ${changed.join(', ')}`});
		}

		if (mine.amplified > 0) {
			flags.push({
				flag: 'retried',
				detail: `${mine.amplified}/${mine.witnessed} requests reached the upstream more than once, ${mine.attemptsPerRequest.toFixed(2)} attempts a request`,
			});
		}

		if (mine.eventsChanged > 0.1 * mine.witnessed) {
			flags.push({
				flag: 'events-merged',
				detail: `${mine.eventsChanged}/${mine.witnessed} streams brought another number of events than tokens the upstream wrote`,
			});
		}

		return flags;
	});
}

/** Every flag of each endpoint: what the client judged, then what the upstream witnessed. */
export const allFlags = (endpoints: readonly EndpointStats[], witness: readonly WitnessSummary[] | undefined): FidelityFlag[][] => {
	const fromWitness = witness ? witnessFlags(witness) : [];
	return flagsOfEndpoints(endpoints).map((flags, index) => [...flags, ...(fromWitness[index] ?? [])]);
};
