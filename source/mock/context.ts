import {PrefixCache} from './prefix-cache.js';
import {estimateTokens} from './latency.js';
import {randomBytes} from 'node:crypto';
import {faultApplies} from './faults.js';
import {hasToken} from './http.js';
import {createRandom} from './latency.js';
import {streamFor} from '../engine/random.js';
import type {MockContext, MockOptions, MockStats} from './mock-options.js';

/** A seeded stream that restarts when options.seed changes; `salt` keeps fault draws apart from latency draws. */
function seeded(options: MockOptions, salt: number): () => number {
	let seed = options.seed;
	let random = createRandom(seed + salt);
	return () => {
		if (options.seed !== seed) {
			seed = options.seed;
			random = createRandom(seed + salt);
		}

		return random();
	};
}

/** FNV-1a, 32 bits: a prompt's stream of draws (not a secret, just well spread). */
function hashOf(text: string): number {
	let hash = 0x81_1c_9d_c5;
	for (let index = 0; index < text.length; index++) hash = Math.imul(hash ^ text.charCodeAt(index), 0x01_00_01_93);
	return hash >>> 0;
}

/** What every route is handed: live options, seeded draws, reply identity, auth and fault draws. */
export function createContext(options: MockOptions, stats: MockStats): MockContext {
	const next = seeded(options, 0);
	const nextFault = seeded(options, 0x5e_ed);
	const tracePrefix = randomBytes(8).toString('hex');
	let counter = 0;
	const prefixCache = new PrefixCache();
	return {
		options,
		random: next,
		drawsFor(prompt) {
			return options.draws === 'prompt' ? streamFor(options.seed, hashOf(JSON.stringify(prompt) ?? ''), 0x2545) : next;
		},
		reply() {
			const span = (++counter).toString(16).padStart(16, '0');
			const id = tracePrefix + span;
			return {id, headers: {'X-Trace': id, 'X-Trace-Span': span}};
		},
		shouldFail() {
			return options.failRate > 0 && next() < options.failRate;
		},
		fault(surface) {
			const {fault, faultRate} = options;
			if (faultRate <= 0 || fault === 'none' || !faultApplies(fault, surface) || (faultRate < 1 && nextFault() >= faultRate)) {
				return undefined;
			}

			stats.faults[fault] = (stats.faults[fault] ?? 0) + 1;
			return fault;
		},
		authorized(request) {
			return options.requireToken === undefined || hasToken(request, options.requireToken);
		},
		cachedTokens(messages) {
			return Array.isArray(messages) ? prefixCache.cachedTokens(messages, (message) => estimateTokens(options, message)) : 0;
		},
	};
}
