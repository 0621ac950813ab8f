import type {DirectKind} from './providers.js';

export type PipelineName = 'completions' | 'websocket' | 'http';
export type TargetName = 'gateway' | 'sourcegraph';
/** The original's two targets, or a provider API called directly. */
export type EndpointTarget = TargetName | DirectKind;
export type Provider = 'anthropic' | 'fireworks';
/** Whose wire format a completions endpoint speaks. */
export type ProviderFormat = Provider | 'openai';
