import {conversationOf} from './conversation.js';
import type * as WsPing from './ws-ping.js';
import {witnessHeader} from '../engine/witness-record.js';
import {maxSteeredConcurrency} from '../engine/steering.js';
import type {EndpointSpec} from '../plan/pipelines.js';
import type {RunPlan, TargetConfig} from '../plan/run-plan.js';
import {createTransport} from '../transport/create.js';
import {proxyFor, shownProxy} from '../transport/proxy.js';
import {completionReader} from './completion-reply.js';
import {type CompletionRequest, completionRequest} from './completions-request.js';
import {defaultModels, isDirect} from '../plan/providers.js';
import {directRequest} from './direct-requests.js';
import {applyOverrides} from './overrides.js';
import {requestBodies} from './prompt-bodies.js';
import {authorization, traceHeader} from './headers.js';
import {type CancelPoint, createHttpEndpoint} from './http-endpoint.js';
import {streamFor} from '../engine/random.js';
import type {CancelSettings} from '../plan/cancellations.js';
import {recordedHeaderNames} from './server-headers.js';
import {readPong} from './http-ping.js';
import type {Endpoint, EndpointInfo} from '../engine/endpoint.js';
import {probeSpec, wantsProbe, withProbe} from './probe.js';

const pingPaths = {
	gateway: {http: '/v2/http', websocket: '/v2/websocket'},
	sourcegraph: {http: '/.api/gateway/http', 'http-then-websocket': '/.api/gateway/http-then-websocket', websocket: '/.api/gateway/websocket'},
} as const;

/** Splits a base URL into the transport's origin and the path prefix every request gets. */
export function joinUrl(base: string, path: string): {origin: string; path: string; href: string} {
	const url = new URL(base);
	const fullPath = url.pathname.replace(/\/+$/, '') + path;
	return {origin: url.origin, path: fullPath, href: url.origin + fullPath};
}

/** Turns an endpoint described as data into one that can be measured, with its probe when asked. */
let webSocketPing: typeof WsPing | undefined;

/**
 * ws and hpagent take ~50 ms to load, a third of the start-up: only a plan with a WebSocket endpoint
 * or probe loads them, before its endpoints are built.
 */
export async function loadWebSocketSupport(specs: readonly EndpointSpec[], plan: RunPlan): Promise<void> {
	if (specs.some((spec) => spec.kind === 'websocket') || plan.probe?.kind === 'websocket') webSocketPing ??= await import('./ws-ping.js');
}

export function buildEndpoint(spec: EndpointSpec, plan: RunPlan): Endpoint {
	const endpoint = buildOne(spec, plan);
	return wantsProbe(spec, plan) ? withProbe(endpoint, buildOne(probeSpec(spec, plan.probe.kind), {...plan, concurrency: 1})) : endpoint;
}

function buildOne(spec: EndpointSpec, plan: RunPlan): Endpoint {
	const {config} = spec;
	const info = (url: string): EndpointInfo => {
		const proxy = proxyOf(config, url);
		return {
			name: spec.name,
			pipeline: spec.pipeline,
			target: spec.target,
			provider: spec.provider,
			stream: spec.stream,
			url,
			...(proxy ? {proxy: shownProxy(proxy)} : {}),
			...(plan.http2 && /^https?:/.test(url) ? {protocol: url.startsWith('https:') ? 'h2' : 'h2c'} : {}),
		};
	};
	const extra = spec.headers ?? {};
	const stream = spec.stream ?? plan.stream;
	if (isDirect(spec.target)) {
		const overrides = spec.overrides ?? {};
		const {request, headers} = directRequest({
			kind: spec.target,
			model: overrides.model ?? defaultModels[spec.target],
			prompt: overrides.prompt ?? defaultPrompt,
			maxTokens: overrides.maxTokens ?? plan.maxTokens,
			temperature: overrides.temperature,
			stream,
			api: overrides.api,
			apiKey: config.token,
		});
		return completionsEndpoint(spec, plan, applyOverrides(request, {body: overrides.body}), {...headers, ...extra}, stream, info);
	}

	const target = spec.target;
	if (spec.kind === 'websocket') {
		const {href} = joinUrl(config.url, pingPaths[target].websocket);
		const url = href.replace(/^http/, 'ws');
		const headers = {...(target === 'sourcegraph' ? {...authorization(target, config.token), ...traceHeader} : {...traceHeader}), ...extra};
		if (!webSocketPing) throw new Error('WebSocket support was not loaded before the endpoints were built (loadWebSocketSupport)');
		return webSocketPing.createWsPingEndpoint({info: info(url), url, headers, timeoutMs: plan.timeouts.ping, tls: plan.tls, proxy: proxyOf(config, href)});
	}

	if (spec.kind === 'completions') {
		const provider = spec.provider === 'fireworks' ? 'fireworks' : 'anthropic';
		const request = applyOverrides(completionRequest(target, provider, stream, plan.maxTokens), spec.overrides);
		const headers = {
			'Content-Type': 'application/json',
			...authorization(target, config.token),
			...traceHeader,
			'X-Sourcegraph-Feature': 'code_completions',
			...extra,
		};
		return completionsEndpoint(spec, plan, request, headers, stream, info);
	}

	const pingPath = target === 'gateway' ? pingPaths.gateway.http : pingPaths.sourcegraph[spec.kind];
	const {origin, path, href} = joinUrl(config.url, pingPath);
	const special: Record<string, string> = target === 'sourcegraph' && plan.specialHeader !== undefined ? {'cody-core-gc-test': plan.specialHeader} : {};
	return createHttpEndpoint({
		info: info(href),
		transport: createTransport(plan.httpClient, {origin, connections: connectionsFor(plan), tls: plan.tls, http2: plan.http2, proxy: proxyOf(config, origin)}),
		method: 'POST',
		path,
		// The original sent the Sourcegraph token on every HTTP ping, whatever the target.
		headers: {'Content-Type': 'application/json', ...authorization('sourcegraph', plan.sourcegraph?.token), ...traceHeader, ...special, ...extra},
		body: 'ping',
		timeoutMs: plan.timeouts.ping,
		readReply: readPong,
	});
}

const defaultPrompt = 'Write a bubble sort in Python.';

/** The proxy for an endpoint's URL; none for the built-in mock, which runs in this process (a proxy elsewhere could only reach its own loopback). */
const proxyOf = (config: TargetConfig, url: string): URL | undefined => (config.builtInMock ? undefined : proxyFor(url.replace(/^ws/, 'http')));

function completionsEndpoint(
	spec: EndpointSpec,
	plan: RunPlan,
	request: CompletionRequest,
	headers: Record<string, string>,
	stream: boolean,
	info: (url: string) => EndpointInfo,
): Endpoint {
	const {origin, path, href} = joinUrl(spec.config.url, request.path);
	const model = request.body['model'];
	return createHttpEndpoint({
		info: {...info(href), ...(typeof model === 'string' ? {model} : {})},
		witnessHeader: plan.witness ? witnessHeader : undefined,
		recordHeaders: recordedHeaderNames(plan.recordHeaders),
		...(plan.cancel ? {cancelOf: cancelsOf(plan.cancel, plan.seed)} : {}),
		...(plan.turns ? {conversation: conversationOf(request, plan)} : {}),
		transport: createTransport(plan.httpClient, {
			origin,
			connections: connectionsFor(plan),
			tls: plan.tls,
			http2: plan.http2,
			proxy: proxyOf(spec.config, origin),
		}),
		method: 'POST',
		path,
		headers,
		body: requestBodies(request, plan),
		timeoutMs: plan.timeouts.completions,
		readReply: completionReader(request, stream),
	});
}

/** Which requests are given up mid-way: drawn for each request number from the seed, so the same ones on every endpoint. */
function cancelsOf({share, afterMs, afterTokens}: CancelSettings, seed = 0): (seq: number) => CancelPoint | undefined {
	const point: CancelPoint = afterTokens === undefined ? {afterMs} : {afterTokens};
	return (seq) => (streamFor(seed, seq, 0x85_eb_ca_6b)() < share ? point : undefined);
}

/**
 * Connections a transport may open (only as requests need them): the plan's concurrency, or as
 * many as steering may raise a closed loop to while it runs.
 */
const connectionsFor = (plan: RunPlan): number => Math.max(plan.concurrency, plan.rate === undefined ? maxSteeredConcurrency : 0);
