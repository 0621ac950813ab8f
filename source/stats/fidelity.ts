import type {Sample} from '../engine/endpoint.js';

/**
 * What the client alone can tell about whether a path delivered what the baseline did: how its
 * streams were paced, when its headers came, how much it generated, which model it named and how
 * its usage compares with what arrived. Counted from every successful reply; judged at the end.
 */
export type FidelityCounts = {
	/** Successful replies. */
	replies: number;
	/** Successful streams that brought content. */
	streams: number;
	/** Gaps between content events, and those under `nearZeroUs` (events that arrived together). */
	gaps: number;
	nearZeroGaps: number;
	/** Streams whose first content came within `nearZeroUs` of the headers: headers held until there was content. */
	heldHeaders: number;
	/** Output that arrived: content events of streams, the usage of whole replies. */
	outputArrived: number;
	/** Streams that reported usage: the usage's output tokens and the content events that came with it. */
	usageTokens: number;
	usageEvents: number;
	/** Streams' reads of the socket, and the content events of the same streams. */
	reads: number;
	readEvents: number;
	/** The models replies named, with how many named each (the first few names only). */
	models: Record<string, number>;
};

/** A gap or a header-to-token time under this is "together": one read of the socket, not paced. */
export const nearZeroUs = 1000;
const modelNamesKept = 8;

export const emptyFidelity = (): FidelityCounts => ({
	replies: 0,
	streams: 0,
	gaps: 0,
	nearZeroGaps: 0,
	heldHeaders: 0,
	outputArrived: 0,
	usageTokens: 0,
	usageEvents: 0,
	reads: 0,
	readEvents: 0,
	models: {},
});

export function countFidelity(counts: FidelityCounts, sample: Sample): void {
	if (sample.outcome !== 'ok') return;
	counts.replies++;
	const {tokens, interTokenGapsUs: gaps, ttftUs, ttfbUs} = sample;
	if (sample.model !== undefined && (counts.models[sample.model] !== undefined || Object.keys(counts.models).length < modelNamesKept)) {
		counts.models[sample.model] = (counts.models[sample.model] ?? 0) + 1;
	}

	if (ttftUs === undefined) {
		counts.outputArrived += tokens?.output ?? 0;
		return;
	}

	counts.streams++;
	if (ttfbUs !== undefined && ttftUs - ttfbUs < nearZeroUs) counts.heldHeaders++;
	if (gaps) {
		counts.gaps += gaps.length;
		for (const gap of gaps) if (gap < nearZeroUs) counts.nearZeroGaps++;
	}

	const events = tokens?.estimated ? tokens.output : tokens?.events;
	counts.outputArrived += events ?? 0;
	if (tokens?.reads !== undefined && events !== undefined) {
		counts.reads += tokens.reads;
		counts.readEvents += events;
	}

	if (tokens && !tokens.estimated && tokens.events !== undefined) {
		counts.usageTokens += tokens.output;
		counts.usageEvents += tokens.events;
	}
}
