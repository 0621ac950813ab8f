import {readFileSync} from 'node:fs';
import {dirname, resolve} from 'node:path';
import {type CompletionOverrides, type EndpointKind, type EndpointSpec, mockUrl} from '../plan/pipelines.js';
import {apiKeyEnv, type DirectKind} from '../plan/providers.js';
import type {EndpointTarget, ProviderFormat} from '../plan/names.js';
import type {CompareFile} from '../plan/draft.js';
import {parseDurationMs} from './durations.js';
import {baseUrlProblem, directBaseUrl, isLoopback} from '../plan/direct-endpoints.js';

const kinds: readonly EndpointTarget[] = ['gateway', 'sourcegraph', 'anthropic', 'fireworks', 'openai-compatible'];
const pipelines: readonly EndpointKind[] = ['completions', 'http', 'websocket', 'http-then-websocket'];
type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
/** `"512:64"` or `512`, as the flags take them. */
const lengthText = (value: unknown): string | undefined => (typeof value === 'number' ? String(value) : typeof value === 'string' ? value : undefined);
const optional = <T>(value: unknown, type: 'string' | 'number' | 'boolean'): T | undefined => (typeof value === type ? (value as T) : undefined);

/**
 * Reads a comparison file: named endpoints (kind, base URL or "mock", key by environment
 * variable name — never the key itself —, model, stream, overrides) plus shared load settings.
 * Returns one line on any problem.
 */
export function readCompareFile(path: string, env: NodeJS.ProcessEnv): CompareFile | string {
	let json: unknown;
	try {
		json = JSON.parse(readFileSync(path, 'utf8'));
	} catch (error) {
		return `--compare ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : `not readable JSON (${(error as Error).message.split('\n')[0]})`}`;
	}

	if (!isObject(json) || !Array.isArray(json['endpoints']) || json['endpoints'].length === 0)
		return `--compare ${path}: expected {"endpoints": [ … ], "load": { … }}`;
	const load = isObject(json['load']) ? json['load'] : {};
	const duration = optional<string>(load['duration'], 'string');
	const durationMs = duration === undefined ? undefined : parseDurationMs(duration);
	if (duration !== undefined && durationMs === undefined) return `--compare ${path}: load.duration "${duration}" needs a unit, e.g. 30s`;
	const promptsPath = optional<string>(load['prompts'], 'string');
	const endpoints: EndpointSpec[] = [];
	for (const [index, entry] of (json['endpoints'] as unknown[]).entries()) {
		const spec = readEntry(entry, index, env);
		if (typeof spec === 'string') return `--compare ${path}: endpoint ${index + 1}: ${spec}`;
		endpoints.push(spec);
	}

	if (new Set(endpoints.map((spec) => spec.name)).size !== endpoints.length) return `--compare ${path}: endpoint names must be unique`;
	return {
		load: {
			requests: optional(load['requests'], 'number'),
			concurrency: optional(load['concurrency'], 'number'),
			durationMs,
			rate: optional(load['rate'], 'number'),
			warmup: optional(load['warmup'], 'number'),
			stream: optional(load['stream'], 'boolean'),
			maxTokens: optional(load['maxTokens'], 'number'),
			interleave: optional(load['interleave'], 'boolean'),
			prompts: promptsPath === undefined ? undefined : resolve(dirname(path), promptsPath),
			inputTokens: lengthText(load['inputTokens']),
			outputTokens: lengthText(load['outputTokens']),
			exactOutput: optional(load['exactOutput'], 'boolean'),
			uniquePrefix: optional(load['uniquePrefix'], 'boolean'),
			seed: optional(load['seed'], 'number'),
		},
		endpoints,
	};
}

function readEntry(entry: unknown, index: number, env: NodeJS.ProcessEnv): EndpointSpec | string {
	if (!isObject(entry)) return 'expected an object';
	if ('key' in entry || 'token' in entry || 'apiKey' in entry) return 'keys do not belong in files: name an environment variable with "keyEnv"';
	const kind = entry['kind'];
	if (typeof kind !== 'string' || !kinds.includes(kind as EndpointTarget)) return `"kind" must be one of ${kinds.join(', ')}`;
	const target = kind as EndpointTarget;
	const rawUrl =
		optional<string>(entry['url'], 'string') ??
		(target === 'gateway' || target === 'sourcegraph' || target === 'openai-compatible' ? undefined : directBaseUrl(target as DirectKind));
	if (rawUrl === undefined) return `"url" is required for ${kind} (or "mock" for the built-in mock gateway)`;
	const problem = rawUrl === mockUrl ? undefined : baseUrlProblem(rawUrl);
	if (problem) return `"url" ${problem}`;
	const namedKeyEnv = optional<string>(entry['keyEnv'], 'string');
	const keyEnv = namedKeyEnv ?? defaultKeyEnv(target);
	const token = keyEnv ? env[keyEnv] : undefined;
	// Every request would fail with 401: say so now. OpenAI-compatible servers often take no key, unless one is named.
	const needsKey = namedKeyEnv !== undefined || target !== 'openai-compatible';
	if (needsKey && keyEnv && !token && !isLoopback(rawUrl)) return `"keyEnv" ${keyEnv} is not set: set it, or point "url" at this machine`;
	const pipeline = optional<string>(entry['pipeline'], 'string') ?? 'completions';
	if (!pipelines.includes(pipeline as EndpointKind)) return `"pipeline" must be one of ${pipelines.join(', ')}`;
	if (pipeline !== 'completions' && target !== 'gateway' && target !== 'sourcegraph')
		return `only gateway and sourcegraph endpoints have a "${pipeline}" pipeline`;
	const providerText = optional<string>(entry['provider'], 'string');
	const provider: ProviderFormat | null =
		pipeline !== 'completions'
			? null
			: target === 'openai-compatible'
				? 'openai'
				: target === 'anthropic' || target === 'fireworks'
					? target
					: providerText === 'fireworks'
						? 'fireworks'
						: 'anthropic';
	const body = isObject(entry['body']) ? entry['body'] : undefined;
	const api = optional<string>(entry['api'], 'string');
	if (api !== undefined && api !== 'chat' && api !== 'completions' && api !== 'responses') return '"api" must be chat, completions or responses';
	const overrides: CompletionOverrides = {
		model: optional(entry['model'], 'string'),
		prompt: optional(entry['prompt'], 'string'),
		maxTokens: optional(entry['maxTokens'], 'number'),
		temperature: optional(entry['temperature'], 'number'),
		api,
		body,
	};
	const headers = isObject(entry['headers']) ? Object.fromEntries(Object.entries(entry['headers']).map(([name, value]) => [name, String(value)])) : undefined;
	const metricsUrl = optional<string>(entry['metricsUrl'], 'string');
	if (metricsUrl !== undefined && metricsUrl !== 'mock' && !/^https?:\/\/[^/\s]+/.test(metricsUrl)) return '"metricsUrl" must be an http(s) URL or "mock"';
	return {
		name: optional<string>(entry['name'], 'string') ?? `${kind} ${index + 1}`,
		kind: pipeline as EndpointKind,
		pipeline: pipeline === 'completions' ? 'completions' : pipeline === 'websocket' ? 'websocket' : 'http',
		target,
		provider,
		stream: pipeline === 'completions' ? (optional<boolean>(entry['stream'], 'boolean') ?? null) : null,
		config: {url: rawUrl.replace(/\/+$/, ''), token},
		overrides,
		headers,
		...(metricsUrl === undefined ? {} : {metricsUrl}),
	};
}

function defaultKeyEnv(target: EndpointTarget): string | undefined {
	if (target === 'gateway') return 'SRC_GATEWAY_TOKEN';
	if (target === 'sourcegraph') return 'SRC_ACCESS_TOKEN';
	return apiKeyEnv[target];
}
