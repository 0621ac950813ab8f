import {Agent, type Dispatcher, ProxyAgent, request} from 'undici';
import type {EndpointSpec} from '../plan/pipelines.js';
import type {TlsSettings} from '../plan/run-plan.js';
import {sanitize} from '../engine/sanitize.js';
import {bodyGist} from './read-body.js';
import {proxyFor} from '../transport/proxy.js';
import {tlsOptions} from '../transport/tls-options.js';

/** Long enough for a provider far away, short enough that Setup never seems stuck. */
const listTimeoutMs = 10_000;
/** More than any provider lists; a server that sends more is cut off here. */
const maxModels = 2000;

/**
 * The models a direct endpoint's server lists, for Setup to offer: `GET {base}/models` for
 * OpenAI-compatible servers and Fireworks (`{"data": [{"id": …}]}`), `GET {base}/v1/models` for
 * Anthropic (the same shape, with its own headers). Through the same proxy and TLS settings as the
 * run. Rejects with a one-line reason.
 */
export async function listModels(spec: Pick<EndpointSpec, 'target' | 'config' | 'headers'>, tls: TlsSettings): Promise<string[]> {
	const anthropic = spec.target === 'anthropic';
	const url = new URL(`${spec.config.url}${anthropic ? '/v1/models?limit=1000' : '/models'}`);
	const token = spec.config.token;
	const headers: Record<string, string> = {
		accept: 'application/json',
		...spec.headers,
		...(anthropic ? {'anthropic-version': '2023-06-01', ...(token ? {'x-api-key': token} : {})} : token ? {authorization: `Bearer ${token}`} : {}),
	};
	const proxy = spec.config.builtInMock ? undefined : proxyFor(url.origin);
	const connect = tlsOptions(tls);
	const dispatcher: Dispatcher = proxy ? new ProxyAgent({uri: proxy.href, requestTls: connect}) : new Agent({connect});
	try {
		const response = await request(url, {headers, dispatcher, signal: AbortSignal.timeout(listTimeoutMs)});
		const text = await response.body.text();
		if (response.statusCode !== 200) throw new Error(`HTTP ${response.statusCode} from ${url.origin}`);
		let parsed: unknown;
		try {
			parsed = JSON.parse(text);
		} catch {
			throw new Error(`not a model list: ${bodyGist(response.headers['content-type'], text)}`);
		}

		const data = parsed && typeof parsed === 'object' && 'data' in parsed ? parsed.data : undefined;
		if (!Array.isArray(data)) throw new Error('the reply has no "data" list');
		const ids = data.map((entry: unknown) => (entry && typeof entry === 'object' && 'id' in entry ? entry.id : undefined));
		return ids
			.filter((id): id is string => typeof id === 'string')
			.slice(0, maxModels)
			.map((id) => sanitize(id));
	} catch (error) {
		const reason = error instanceof Error ? error.message : String(error);
		throw new Error(sanitize(reason), {cause: error});
	} finally {
		await dispatcher.close();
	}
}
