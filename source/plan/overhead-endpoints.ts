import {randomBytes} from 'node:crypto';
import {directSpecs} from './direct-endpoints.js';
import {mockUrl} from './endpoint-spec.js';
import type {EndpointSpec} from './pipelines.js';
import type {RunPlan} from './run-plan.js';

const hostOf = (url: string) => (url === mockUrl ? 'built-in mock' : new URL(url).host);

/** An overhead run's endpoints (the upstream directly, then each gateway), and where the upstream's record is read. */
export type OverheadEndpoints = {readonly endpoints: readonly EndpointSpec[]; readonly witness?: RunPlan['witness']};

/**
 * The upstream directly (`direct: built-in mock`, `direct: host`), then each gateway (`via host`,
 * `via host #2` for a second at the same address), as OpenAI-compatible endpoints; with the record
 * of the built-in mock (read with a token made now), or of a mock started apart (`witnessToken`).
 * A one-line reason when a URL cannot be used.
 */
export function overheadEndpoints(
	upstream: string,
	through: readonly string[],
	options: {readonly env: NodeJS.ProcessEnv; readonly apiKeyEnv?: string; readonly witnessToken?: string},
): OverheadEndpoints | string {
	const specs = directSpecs(
		[upstream, ...through].map((url) => ({kind: 'openai-compatible' as const, url})),
		options.env,
		options.apiKeyEnv,
	);
	if (typeof specs === 'string') return specs;
	const baseName = (index: number) => (index === 0 ? `direct: ${hostOf(upstream)}` : `via ${hostOf(through[index - 1] ?? '')}`);
	const endpoints = specs.map((spec, index) => {
		const name = baseName(index);
		const same = specs.slice(0, index).filter((_, earlier) => baseName(earlier) === name).length;
		return {...spec, name: same === 0 ? name : `${name} #${same + 1}`};
	});
	const builtIn = upstream === mockUrl;
	const token = builtIn ? randomBytes(16).toString('hex') : options.witnessToken;
	return token === undefined ? {endpoints} : {endpoints, witness: {url: builtIn ? mockUrl : new URL(upstream).origin, token}};
}

/** Where an overhead run's upstream listens, and the line that points each common gateway at it. */
export function upstreamNote(url: string): string {
	return `the upstream, the built-in mock, listens at ${url} and witnesses every request; point each gateway at it: ${gatewayConfigs(url)}`;
}

/** The line that points each common gateway at an upstream. */
export function gatewayConfigs(url: string): string {
	const {host} = new URL(url);
	return `nginx \`proxy_pass ${url};\`, HAProxy \`server upstream ${host}\`, LiteLLM \`api_base: ${url}/v1\`, Portkey \`x-portkey-custom-host: ${url}/v1\``;
}
