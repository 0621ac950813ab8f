import type {Endpoint} from '../engine/endpoint.js';
import type {EndpointSpec} from '../plan/pipelines.js';
import type {RunPlan} from '../plan/run-plan.js';
import {buildEndpoint, loadWebSocketSupport} from '../targets/build.js';
import {loadTokenCounter} from '../targets/token-counter.js';
import {prepareTransport} from '../transport/create.js';
import {warmUpClient} from '../targets/warm-up.js';

/** The plan's endpoints, ready to send: the transport loaded, and the tokenizer when prompts need counting. */
export async function buildRunEndpoints(specs: readonly EndpointSpec[], plan: RunPlan): Promise<Endpoint[]> {
	await prepareTransport(plan.httpClient, plan.http2 !== undefined);
	await loadWebSocketSupport(specs, plan);
	// Before any clock: the client's first connection and first requests are then no slower than the rest.
	await warmUpClient(plan.httpClient, plan.http2 !== undefined);
	// A prompt file's prompts are counted as they are first sent, for servers that report no input tokens
	// (made prompts know their length: no tokenizer is loaded for them).
	if (plan.prompts?.prompts.some((prompt) => prompt.tokens === undefined)) await loadTokenCounter();
	return specs.map((spec) => buildEndpoint(spec, plan));
}
