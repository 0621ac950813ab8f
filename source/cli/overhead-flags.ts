import {mockUrl} from '../plan/endpoint-spec.js';
import {type OverheadEndpoints, overheadEndpoints} from '../plan/overhead-endpoints.js';
import type {CliFlags} from './program.js';

/**
 * `--through GATEWAY…` with `--upstream URL` (default: the built-in mock): the upstream directly,
 * then each gateway, as OpenAI-compatible endpoints; the upstream's record read when it keeps one
 * (the built-in mock always; one started apart with `--witness-token`). Undefined without
 * `--through`; a one-line reason when the flags do not fit together.
 */
export function readOverheadFlags(flags: CliFlags, env: NodeJS.ProcessEnv): OverheadEndpoints | string | undefined {
	const through = flags.through ?? [];
	if (through.length === 0)
		return flags.upstream === undefined && flags.witnessToken === undefined ? undefined : '--upstream and --witness-token go with --through';
	const others = [flags.openai, flags.anthropic, flags.fireworks, flags.compare, flags.gateway, flags.sourcegraph].some((value) => value !== undefined);
	if (others)
		return '--through measures gateways against their upstream (--upstream): not also --openai, --anthropic, --fireworks, --compare, --gateway or --sourcegraph';
	if (flags.interleave === false) return '--through pairs each request through a gateway with one sent straight to the upstream: drop --no-interleave';
	if (flags.upstream === undefined && flags.witnessToken !== undefined)
		return '--witness-token is for an upstream started apart (--upstream): the built-in mock keeps its record anyway';
	const made = overheadEndpoints(flags.upstream ?? mockUrl, through, {env, apiKeyEnv: flags.apiKeyEnv, witnessToken: flags.witnessToken});
	return typeof made === 'string' ? made.replace(/^--openai/, '--through/--upstream') : made;
}
