import {baseUrlProblem, type DirectFlag, directSpecs} from '../../plan/direct-endpoints.js';
import type {FoundCompareFile} from '../../plan/draft.js';
import {type EndpointSpec, mockUrl} from '../../plan/pipelines.js';
import {apiKeyEnv, defaultBaseUrls, type DirectKind} from '../../plan/providers.js';
import {fileChoices} from './compare-choices.js';
import type {Choice} from './setup-types.js';

/** A provider Setup offers when its key is in the environment; `baseEnv` moves it (as the providers' SDKs do). */
const providers: ReadonlyArray<{readonly kind: DirectKind; readonly label: string; readonly baseEnv: string; readonly base: string}> = [
	{kind: 'anthropic', label: 'Anthropic API', baseEnv: 'ANTHROPIC_BASE_URL', base: defaultBaseUrls.anthropic ?? ''},
	{kind: 'openai-compatible', label: 'OpenAI API', baseEnv: 'OPENAI_BASE_URL', base: 'https://api.openai.com/v1'},
	{kind: 'fireworks', label: 'Fireworks API', baseEnv: 'FIREWORKS_BASE_URL', base: defaultBaseUrls.fireworks ?? ''},
];

/** The value of the entry that opens a line to type a URL on. */
export const addUrl = 'add-url';
/** …and of the one to type a gateway's URL on: an overhead run, the built-in mock as the gateways' upstream. */
export const addGateway = 'add-gateway';
const urlPrefix = 'url:';
const throughPrefix = 'through:';
const directPrefix = 'direct:';
const comparePrefix = 'compare:';

/** A provider's base URL: its `*_BASE_URL` when that is a usable URL, else the public API. */
const baseOf = (provider: (typeof providers)[number], env: NodeJS.ProcessEnv): string => {
	const given = env[provider.baseEnv]?.trim();
	return given && !baseUrlProblem(given) ? given.replace(/\/+$/, '') : provider.base;
};

/** A typed entry, checked: the value to tick (a server's URL, or a gateway's), or why it cannot be used. */
export function typedUrl(text: string, gateway = false): {value: string} | {problem: string} {
	const url = text.trim();
	const problem = baseUrlProblem(url);
	return problem ? {problem} : {value: `${gateway ? throughPrefix : urlPrefix}${url.replace(/\/+$/, '')}`};
}

/** The gateways ticked, by URL: with any, the run measures what each adds over the built-in mock as their upstream. */
export const gatewaysOf = (targets: readonly string[]): string[] =>
	targets.filter((value) => value.startsWith(throughPrefix)).map((value) => value.slice(throughPrefix.length));

/** Where the built-in mock listens as the gateways' upstream. */
export const upstreamUrl = (port: number): string => `http://127.0.0.1:${port}`;

/**
 * Everything Setup can measure, for the first question: the built-in mock; each provider whose
 * key is in the environment (said as "key found", never the key); URLs typed in; comparison files
 * found; and the entry to type another URL.
 */
export function targetChoices(env: NodeJS.ProcessEnv, found: readonly FoundCompareFile[], typed: readonly string[], upstreamPort?: number): Choice[] {
	const choices: Choice[] = [
		{value: 'mock', label: 'built-in mock', description: 'an in-process mock gateway on 127.0.0.1: no tokens, no network', answer: {}},
	];
	for (const provider of providers) {
		if (!env[apiKeyEnv[provider.kind]]) continue;
		choices.push({
			value: `${directPrefix}${provider.kind}`,
			label: provider.label,
			description: `key found (${apiKeyEnv[provider.kind]}) · ${baseOf(provider, env)}`,
			answer: {},
		});
	}

	for (const value of typed) {
		const gateway = value.startsWith(throughPrefix);
		const url = value.slice((gateway ? throughPrefix : urlPrefix).length);
		choices.push({
			value,
			label: gateway ? 'gateway' : 'OpenAI-compatible',
			description: gateway ? `${url} · what it adds over the mock behind it` : url,
			answer: {},
		});
	}

	choices.push(...fileChoices(found), {value: addUrl, label: 'add a URL…', description: 'an OpenAI-compatible server: type its base URL', answer: {}});
	if (upstreamPort !== undefined)
		choices.push({
			value: addGateway,
			label: 'add a gateway…',
			description: `what a gateway adds: point it at ${upstreamUrl(upstreamPort)}, type its base URL`,
			answer: {},
		});
	return choices;
}

/** The comparison file among the ticked targets, if any: it stands for every endpoint it lists. */
export const pickedFile = (targets: readonly string[]): string | undefined =>
	targets.find((value) => value.startsWith(comparePrefix))?.slice(comparePrefix.length);

/**
 * The direct endpoints the ticked targets make: each provider at its base URL with its key, each
 * typed URL, and the mock as one more OpenAI-compatible endpoint when it is ticked beside them.
 * None when only the mock is ticked: that is the original suite's pipelines.
 */
export function directFromTargets(targets: readonly string[], env: NodeJS.ProcessEnv): EndpointSpec[] {
	const keyed: DirectFlag[] = [];
	// A URL typed in Setup gets no key: OPENAI_API_KEY is for the OpenAI API, not for any server typed here.
	const keyless: DirectFlag[] = [];
	for (const value of targets) {
		const provider = providers.find((candidate) => value === `${directPrefix}${candidate.kind}`);
		if (provider) keyed.push({kind: provider.kind, url: baseOf(provider, env)});
		else if (value.startsWith(urlPrefix)) keyless.push({kind: 'openai-compatible', url: value.slice(urlPrefix.length)});
	}

	if (keyed.length + keyless.length > 0 && targets.includes('mock')) keyless.unshift({kind: 'openai-compatible', url: mockUrl});
	const specs = [directSpecs(keyless, {}, undefined), directSpecs(keyed, env, undefined)];
	// Keys were found and URLs checked before they were offered: a problem here leaves the endpoints out.
	const [mockAndTyped = [], providersPicked = []] = specs.map((made) => (typeof made === 'string' ? [] : made));
	// In the order they were offered: the mock, the providers, the typed URLs.
	const mock = mockAndTyped.filter((spec) => spec.config.url === mockUrl);
	return [...mock, ...providersPicked, ...mockAndTyped.filter((spec) => spec.config.url !== mockUrl)];
}
