import {describe, expect, it} from 'vitest';
import {emptyFidelity, type FidelityCounts} from '../../source/stats/fidelity.js';
import {fidelityFlags, withheldBecause, witnessFlags} from '../../source/stats/fidelity-flags.js';
import type {WitnessSummary} from '../../source/stats/witness-tally.js';
import {verdictLine} from '../../source/report/format-comparison.js';

/** 30 paced streams of 20 events, each with its usage, naming the model asked. */
const paced = (changes: Partial<FidelityCounts> = {}): FidelityCounts => ({
	...emptyFidelity(),
	replies: 30,
	streams: 30,
	gaps: 570,
	nearZeroGaps: 6,
	heldHeaders: 0,
	outputArrived: 600,
	usageTokens: 600,
	usageEvents: 600,
	reads: 660,
	readEvents: 600,
	models: {'gpt-4o-mini': 30},
	...changes,
});

const flagsOf = (candidate: FidelityCounts, baseline = paced(), asked = 'gpt-4o-mini') =>
	fidelityFlags([baseline, candidate], [asked, asked])[1]?.map((flag) => flag.flag);

describe('fidelity flags, judged against the baseline', () => {
	it('raises none for a path that delivered what the baseline did', () => {
		expect(fidelityFlags([paced(), paced()], ['gpt-4o-mini', 'gpt-4o-mini'])).toEqual([[], []]);
	});

	it('buffered: most events together where the baseline paced them; not when the baseline bunched them too, nor on too few gaps', () => {
		expect(flagsOf(paced({nearZeroGaps: 500}))).toEqual(['buffered']);
		expect(flagsOf(paced({nearZeroGaps: 500}), paced({nearZeroGaps: 400}))).toEqual([]);
		expect(flagsOf(paced({gaps: 9, nearZeroGaps: 9}))).toEqual([]);
	});

	it('held headers: headers with the first token in most streams, where the baseline sent them first', () => {
		expect(flagsOf(paced({heldHeaders: 27}))).toEqual(['held-headers']);
		expect(flagsOf(paced({heldHeaders: 20}))).toEqual([]);
		// A provider that itself sends its headers with the first token: nothing the path did.
		expect(flagsOf(paced({heldHeaders: 30}), paced({heldHeaders: 30}))).toEqual([]);
	});

	it('re-chunked: its streams came in many more reads an event than the baseline’s; not when the baseline’s did too, nor on few events', () => {
		expect(flagsOf(paced({reads: 1260}))).toEqual(['re-chunked']);
		expect(flagsOf(paced({reads: 800}))).toEqual([]);
		expect(flagsOf(paced({reads: 1260}), paced({reads: 1200}))).toEqual([]);
		expect(flagsOf(paced({reads: 20, readEvents: 9}))).toEqual([]);
	});

	it('did less work: a quarter fewer tokens a reply over at least 20 replies each', () => {
		expect(flagsOf(paced({outputArrived: 420}))).toEqual(['did-less-work']);
		expect(flagsOf(paced({outputArrived: 480}))).toEqual([]);
		expect(flagsOf(paced({replies: 19, outputArrived: 100}), paced({replies: 19}))).toEqual([]);
	});

	it('model changed: against the baseline’s replies, else against the model asked (a dated name of it is the same model)', () => {
		expect(flagsOf(paced({models: {'gpt-4o-cheap': 30}}))).toEqual(['model-changed']);
		const noNames = paced({models: {}});
		expect(flagsOf(paced({models: {'gpt-4o-mini-2024-07-18': 30}}), noNames)).toEqual([]);
		expect(flagsOf(paced({models: {'llama-3': 30}}), noNames)).toEqual(['model-changed']);
		// The baseline itself is judged against what it asked for.
		expect(fidelityFlags([paced({models: {'llama-3': 30}})], ['gpt-4o-mini'])[0]?.map((flag) => flag.flag)).toEqual(['model-changed']);
	});

	it('usage changed: another count of tokens for each event that arrived', () => {
		expect(flagsOf(paced({usageTokens: 900}))).toEqual(['usage-changed']);
		expect(flagsOf(paced({usageTokens: 650}))).toEqual([]);
	});

	it('withholds the verdict for a changed answer, not for buffering, and the verdict line says why', () => {
		const [, flags = []] = fidelityFlags([paced(), paced({outputArrived: 240, nearZeroGaps: 500})], ['m', 'm']);
		expect(flags.map((flag) => flag.flag)).toEqual(['buffered', 'did-less-work']);
		const withheld = withheldBecause(flags);
		expect(withheld).toBe('did less work (8.0 output tokens a reply, the baseline 20.0)');
		expect(withheldBecause(flags.filter((flag) => flag.flag === 'buffered'))).toBeUndefined();
		expect(verdictLine({name: 'b', baseline: 'a', latency: null, ttft: null, flags, withheld}, 2, true)).toBe(`2 vs 1  verdict withheld: ${withheld}`);
	});
});

describe('flags the upstream witnessed, against the baseline’s requests', () => {
	const seen = (changes: Partial<WitnessSummary> = {}): WitnessSummary => ({
		witnessed: 20,
		unseen: 0,
		amplified: 0,
		attemptsPerRequest: 1,
		upstreamConnections: 1,
		clientGone: 0,
		credentials: 20,
		headers: {},
		body: {model: {m: 20}, maxTokens: {'256': 20}, stream: {true: 20}, includeUsage: {true: 20}, temperature: {'(absent)': 20}},
		eventsChanged: 0,
		forwardMs: null,
		eventDelayMs: null,
		faults: {},
		cancelled: null,
		selfReports: {retryCountRequests: 0, retryCountMean: null, serverTimingMs: null},
		...changes,
	});
	const flagsOf = (mine: WitnessSummary) => witnessFlags([seen(), mine])[1]?.map((flag) => flag.flag);

	it('raises none when the upstream read what the baseline’s requests brought, once each', () => {
		expect(witnessFlags([seen(), seen()])).toEqual([[], []]);
	});

	it('request rewritten, retried and events merged, each on its own evidence', () => {
		expect(witnessFlags([seen(), seen({body: {...seen().body, model: {cheap: 20}, temperature: {'0': 20}}})])[1]).toEqual([
			{flag: 'request-rewritten', detail: 'the upstream read model m → cheap, temperature (absent) → 0'},
		]);
		expect(flagsOf(seen({amplified: 5, attemptsPerRequest: 1.25}))).toEqual(['retried']);
		expect(flagsOf(seen({eventsChanged: 2}))).toEqual([]);
		expect(flagsOf(seen({eventsChanged: 3}))).toEqual(['events-merged']);
		// Nothing witnessed, nothing judged.
		expect(flagsOf(seen({witnessed: 0, body: {model: {}, maxTokens: {}, stream: {}, includeUsage: {}, temperature: {}}}))).toEqual([]);
	});
});
