import {type EndpointSpec, mockUrl} from './pipelines.js';
import {apiKeyEnv, defaultBaseUrls, type DirectKind} from './providers.js';

export const directBaseUrl = (kind: DirectKind): string | undefined => defaultBaseUrls[kind];

/** Why a base URL is unusable, or undefined. */
export function baseUrlProblem(value: string): string | undefined {
	let url: URL;
	try {
		url = new URL(value);
	} catch {
		return `"${value}" is not a valid URL`;
	}

	if (url.protocol !== 'http:' && url.protocol !== 'https:') return `"${value}" must start with http:// or https://`;
	if (url.username || url.password) return `"${value}" must not carry credentials`;
	return undefined;
}

/** The built-in mock, or a URL on this machine: no key is needed to reach it. */
export const isLoopback = (url: string): boolean => url === mockUrl || /^https?:\/\/(localhost|127\.[\d.]+|\[::1\])(:|\/|$)/.test(url);

export type DirectFlag = {readonly kind: DirectKind; readonly url: string};

/**
 * One completions endpoint per direct flag (`--anthropic`, `--fireworks`, `--openai`), with its
 * key from the provider's environment variable (or `--api-key-env`). Anthropic and Fireworks
 * need a key unless they point at this machine; OpenAI-compatible servers often take none.
 */
export function directSpecs(flags: readonly DirectFlag[], env: NodeJS.ProcessEnv, keyEnv: string | undefined): EndpointSpec[] | string {
	const specs: EndpointSpec[] = [];
	for (const {kind, url} of flags) {
		const problem = url === mockUrl ? undefined : baseUrlProblem(url);
		if (problem) return `--${flagName(kind)}: ${problem}`;
		const variable = keyEnv ?? apiKeyEnv[kind];
		const token = env[variable];
		if (!token && kind !== 'openai-compatible' && !isLoopback(url)) return `--${flagName(kind)} needs an API key: set ${variable}`;
		const host = url === mockUrl ? 'mock' : new URL(url).host;
		const base = `${kind === 'openai-compatible' ? 'openai' : kind} direct: ${host}`;
		// Two servers on one host (say two paths of one gateway) still need names of their own.
		const same = specs.filter((spec) => spec.name === base || spec.name.startsWith(`${base} #`)).length;
		specs.push({
			name: same === 0 ? base : `${base} #${same + 1}`,
			kind: 'completions',
			pipeline: 'completions',
			target: kind,
			provider: kind === 'openai-compatible' ? 'openai' : kind,
			stream: null,
			config: {url: url.replace(/\/+$/, ''), token},
		});
	}

	return specs;
}

export const flagName = (kind: DirectKind): string => (kind === 'openai-compatible' ? 'openai' : kind);
