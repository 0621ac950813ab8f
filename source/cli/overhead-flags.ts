import {randomBytes} from 'node:crypto';
import {directSpecs} from '../plan/direct-endpoints.js';
import {mockUrl} from '../plan/endpoint-spec.js';
import type {EndpointSpec} from '../plan/pipelines.js';
import type {RunPlan} from '../plan/run-plan.js';
import type {CliFlags} from './program.js';

export type OverheadFlags = {readonly endpoints: readonly EndpointSpec[]; readonly witness?: RunPlan['witness']};

const hostOf = (url: string) => (url === mockUrl ? 'built-in mock' : new URL(url).host);

/**
 * `--through GATEWAY…` with `--upstream URL` (default: the built-in mock): the upstream directly,
 * then each gateway, as OpenAI-compatible endpoints; the upstream's record read when it keeps one
 * (the built-in mock always; one started apart with `--witness-token`). Undefined without
 * `--through`; a one-line reason when the flags do not fit together.
 */
export function readOverheadFlags(flags: CliFlags, env: NodeJS.ProcessEnv): OverheadFlags | string | undefined {
	const through = flags.through ?? [];
	if (through.length === 0)
		return flags.upstream === undefined && flags.witnessToken === undefined ? undefined : '--upstream and --witness-token go with --through';
	const others = [flags.openai, flags.anthropic, flags.fireworks, flags.compare, flags.gateway, flags.sourcegraph].some((value) => value !== undefined);
	if (others)
		return '--through measures gateways against their upstream (--upstream): not also --openai, --anthropic, --fireworks, --compare, --gateway or --sourcegraph';
	if (flags.interleave === false) return '--through pairs each request through a gateway with one sent straight to the upstream: drop --no-interleave';
	if (flags.upstream === undefined && flags.witnessToken !== undefined)
		return '--witness-token is for an upstream started apart (--upstream): the built-in mock keeps its record anyway';
	const upstream = flags.upstream ?? mockUrl;
	const specs = directSpecs(
		[upstream, ...through].map((url) => ({kind: 'openai-compatible' as const, url})),
		env,
		flags.apiKeyEnv,
	);
	if (typeof specs === 'string') return specs.replace(/^--openai/, '--through/--upstream');
	const endpoints = specs.map((spec, index) => {
		const name = index === 0 ? `direct: ${hostOf(upstream)}` : `via ${hostOf(through[index - 1] ?? '')}`;
		const same = specs
			.slice(0, index)
			.filter((_, earlier) => (earlier === 0 ? `direct: ${hostOf(upstream)}` : `via ${hostOf(through[earlier - 1] ?? '')}`) === name).length;
		return {...spec, name: same === 0 ? name : `${name} #${same + 1}`};
	});
	const token = flags.upstream === undefined ? randomBytes(16).toString('hex') : flags.witnessToken;
	return token === undefined ? {endpoints} : {endpoints, witness: {url: flags.upstream === undefined ? mockUrl : new URL(upstream).origin, token}};
}
