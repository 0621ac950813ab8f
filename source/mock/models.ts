import type {IncomingMessage, ServerResponse} from 'node:http';
import {send, sendJson} from './http.js';
import type {MockContext} from './mock-options.js';
import {clusterTiming} from './cluster.js';
import {resetTiming, summaryOf, type TimingDump, timingDump} from './lateness.js';

/** The models the mock lists; it answers any model name it is sent. */
const models = {
	anthropic: ['claude-3-haiku-20240307', 'claude-sonnet-4-5'],
	openai: ['gpt-4o-mini', 'accounts/fireworks/models/llama-v3p1-8b-instruct', 'mock-reasoner'],
};

const created = 1_735_689_600;

/**
 * `GET /v1/models`, as each provider lists its models: Anthropic's shape when the request carries
 * `anthropic-version` (its SDK always does), OpenAI's otherwise (vLLM, Ollama, LiteLLM, OpenRouter answer so too).
 */
export function handleModels(request: IncomingMessage, response: ServerResponse, context: MockContext): void {
	request.resume();
	const {headers} = context.reply();
	if (request.headers['anthropic-version'] !== undefined) {
		const data = models.anthropic.map((id) => ({type: 'model', id, display_name: id, created_at: new Date(created * 1000).toISOString()}));
		sendJson(response, 200, headers, {data, has_more: false, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null});
		return;
	}

	sendJson(response, 200, headers, {object: 'list', data: models.openai.map((id) => ({id, object: 'model', created, owned_by: 'gatebench-mock'}))});
}

/**
 * `GET /mock/timing`: how late the mock wrote first tokens and the tokens after them (0.1 ms
 * precision), all its processes added up; `?reset=1` starts counting afresh after answering. For
 * benchmarks that need to tell the mock's own lateness from the client's.
 */
export function handleTiming(request: IncomingMessage, response: ServerResponse, context: MockContext): void {
	request.resume();
	const reset = /[?&]reset=1(?:&|$)/.test(request.url ?? '');
	const answer = (dumps: readonly TimingDump[]) =>
		send(
			response,
			200,
			context.reply().headers,
			'application/json',
			JSON.stringify({...summaryOf(dumps), processes: dumps.length, firstTokensByProcess: dumps.map((dump) => dump.firstToken.count)}),
		);
	const gathered = clusterTiming(reset);
	if (gathered) {
		void gathered.then(answer);
		return;
	}

	answer([timingDump()]);
	if (reset) resetTiming();
}

/** `GET /health`: an empty 200 once serving, as vLLM and TGI answer their health probes. */
export function handleHealth(request: IncomingMessage, response: ServerResponse, context: MockContext): void {
	request.resume();
	send(response, 200, context.reply().headers, 'text/plain; charset=utf-8', '');
}
