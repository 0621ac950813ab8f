import type {CapacityGate, CapacityMeasure} from '../plan/sweep-settings.js';
import {holds} from './check-thresholds.js';

/** What a gate reads from an endpoint's answer. */
export type AnswerFigures = {
	readonly endpoint: string;
	readonly load: number | null;
	readonly requestsPerSecond: number | null;
	readonly goodput: {readonly requestsPerSecond: number; readonly outputTokensPerSecond: number} | null;
};

export type GateResult = {readonly endpoint: string; readonly gate: string; readonly actual: number | null; readonly pass: boolean};

const read: Readonly<Record<CapacityMeasure, (answer: AnswerFigures) => number | null>> = {
	load: (answer) => answer.load,
	concurrency: (answer) => answer.load,
	rate: (answer) => answer.load,
	rps: (answer) => answer.requestsPerSecond,
	goodput: (answer) => answer.goodput?.requestsPerSecond ?? null,
	goodput_tokens: (answer) => answer.goodput?.outputTokensPerSecond ?? null,
};

/** Every gate on every endpoint's answer; an endpoint with no answer (no load held) fails each. */
export const checkCapacityGates = (gates: readonly CapacityGate[], answers: readonly AnswerFigures[]): GateResult[] =>
	answers.flatMap((answer) =>
		gates.map((gate) => {
			const actual = read[gate.measure](answer);
			return {endpoint: answer.endpoint, gate: gate.text, actual, pass: actual !== null && holds(actual, gate.op, gate.value)};
		}),
	);
