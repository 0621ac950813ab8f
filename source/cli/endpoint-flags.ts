import {readFileSync} from 'node:fs';
import type {CompletionOverrides, EndpointSpec} from '../plan/pipelines.js';
import type {OpenAiApi} from '../plan/providers.js';
import type {CompareFile} from '../plan/draft.js';
import {readCompareFile} from './compare-file.js';
import {type DirectFlag, directSpecs} from '../plan/direct-endpoints.js';
import type {CliFlags} from './program.js';
import {readOverheadFlags} from './overhead-flags.js';
import type {RunPlan} from '../plan/run-plan.js';

export type EndpointFlags = {
	readonly direct: readonly EndpointSpec[];
	readonly overrides?: CompletionOverrides;
	readonly headers: Readonly<Record<string, string>>;
	readonly compare?: CompareFile;
	/** An overhead run's upstream record (`--through`). */
	readonly witness?: RunPlan['witness'];
};

/** `Name: value` → [name, value]; header names are tokens, values any visible text. */
function parseHeader(text: string): [string, string] | string {
	const match = /^([!#$%&'*+.^_`|~\w-]+):\s*(.*)$/.exec(text);
	if (!match?.[1]) return `-H "${text}": expected 'Name: value'`;
	if (/[\r\n]/.test(match[2] ?? '')) return `-H ${match[1]}: a header value cannot span lines`;
	return [match[1], match[2] ?? ''];
}

/** Direct endpoints, request overrides, extra headers and a comparison file, from flags. */
export function readEndpointFlags(flags: CliFlags, env: NodeJS.ProcessEnv): EndpointFlags | string {
	const headers: Record<string, string> = {};
	for (const text of flags.header ?? []) {
		const header = parseHeader(text);
		if (typeof header === 'string') return header;
		headers[header[0]] = header[1];
	}

	if (flags.prompt !== undefined && flags.promptFile !== undefined) return '--prompt and --prompt-file: give one';
	let prompt = flags.prompt;
	if (flags.promptFile !== undefined) {
		try {
			prompt = readFileSync(flags.promptFile, 'utf8');
		} catch {
			return `--prompt-file ${flags.promptFile}: cannot read it`;
		}
	}

	const wanted: DirectFlag[] = [];
	if (flags.anthropic !== undefined) wanted.push({kind: 'anthropic', url: flags.anthropic === true ? 'https://api.anthropic.com' : String(flags.anthropic)});
	if (flags.fireworks !== undefined)
		wanted.push({kind: 'fireworks', url: flags.fireworks === true ? 'https://api.fireworks.ai/inference/v1' : String(flags.fireworks)});
	for (const url of flags.openai ?? []) wanted.push({kind: 'openai-compatible', url});
	const overhead = readOverheadFlags(flags, env);
	if (typeof overhead === 'string') return overhead;
	const direct = overhead?.endpoints ?? directSpecs(wanted, env, flags.apiKeyEnv);
	if (typeof direct === 'string') return direct;
	const given = [flags.model, prompt, flags.temperature, flags.api].some((value) => value !== undefined);
	const overrides: CompletionOverrides | undefined = given
		? {model: flags.model, prompt, temperature: flags.temperature, api: flags.api as OpenAiApi | undefined}
		: undefined;
	if (flags.compare === undefined) return {direct, overrides, headers, ...(overhead?.witness ? {witness: overhead.witness} : {})};
	if (direct.length > 0 || flags.gateway || flags.sourcegraph)
		return '--compare: list every endpoint in the file, not also with --gateway/--sourcegraph/--anthropic/--fireworks/--openai';
	const compare = readCompareFile(flags.compare, env);
	return typeof compare === 'string' ? compare : {direct, overrides, headers, compare};
}
