import {workloadText} from '../plan/prompts.js';
import type {RunPlan} from '../plan/run-plan.js';
import {upstreamNote} from '../plan/overhead-endpoints.js';

/**
 * What to say on stderr before a headless run about where it goes: the built-in mock when nothing
 * else is targeted (or which endpoints it serves), and a target left out only when the gateway and
 * Sourcegraph pipelines were asked for with one of their two targets.
 */
export function targetNotes(
	plan: Pick<
		RunPlan,
		'gateway' | 'sourcegraph' | 'endpoints' | 'direct' | 'prompts' | 'uniquePrefix' | 'inputTokens' | 'outputTokens' | 'exactOutput' | 'witness'
	>,
	mockUrl: string | undefined,
): string[] {
	const notes: string[] = [];
	const workload = workloadText(plan);
	const pipelines = plan.endpoints === undefined && Boolean(plan.gateway || plan.sourcegraph);
	const nothingElse = plan.endpoints === undefined && !plan.gateway && !plan.sourcegraph && plan.direct.length === 0;
	if (mockUrl && plan.witness) notes.push(upstreamNote(mockUrl));
	else if (mockUrl && nothingElse) notes.push(`no --gateway or --sourcegraph given: benchmarking the built-in mock gateway at ${mockUrl}`);
	else if (mockUrl) notes.push(`the built-in mock gateway at ${mockUrl} serves the endpoints whose URL is "mock"`);
	if (pipelines && !plan.gateway) notes.push('no --gateway given: gateway endpoints skipped');
	if (pipelines && !plan.sourcegraph) notes.push('no --sourcegraph given: sourcegraph endpoints skipped');
	if (workload) notes.push(workload);
	return notes;
}
