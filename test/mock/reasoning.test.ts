import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {type MockServer, startMock} from '../../source/mock/server.js';
import type {JsonSummary} from '../../source/output/json.js';
import {runCli} from '../helpers/cli.js';

describe('mock: reasoning streams, read by the vendors’ SDKs and measured by gatebench', () => {
	let mock: MockServer;
	beforeAll(async () => {
		mock = await startMock({ttftMs: 20, tokenDelayMs: 2, minTokens: 8, maxTokens: 8, reasoningTokens: 5});
	});
	afterAll(async () => mock.close());

	it('OpenAI-style: reasoning_content deltas first, then content, and reasoning_tokens in usage', async () => {
		const client = new OpenAI({apiKey: 'test', baseURL: `${mock.url}/v1`, maxRetries: 0});
		const stream = await client.chat.completions.create({
			model: 'm',
			messages: [{role: 'user', content: 'hi'}],
			stream: true,
			stream_options: {include_usage: true},
		});
		const kinds: string[] = [];
		let reasoning: number | undefined;
		for await (const chunk of stream) {
			const delta = chunk.choices[0]?.delta as ({reasoning_content?: string} & {content?: string | null}) | undefined;
			if (delta?.reasoning_content) kinds.push('reasoning');
			if (delta?.content) kinds.push('answer');
			reasoning ??= chunk.usage?.completion_tokens_details?.reasoning_tokens;
		}

		expect(kinds).toEqual([...Array.from({length: 5}, () => 'reasoning'), 'answer', 'answer', 'answer']);
		expect(reasoning).toBe(5);
	});

	it('Anthropic: a thinking block closed by its signature, then the text block', async () => {
		const client = new Anthropic({apiKey: 'test', baseURL: mock.url, maxRetries: 0});
		const message = await client.messages.stream({model: 'claude', max_tokens: 64, messages: [{role: 'user', content: 'hi'}]}).finalMessage();
		expect(message.content.map((block) => block.type)).toEqual(['thinking', 'text']);
		expect(message.usage.output_tokens).toBe(8);
	});

	it.each([
		['--openai', `/v1`],
		['--anthropic', ''],
	])('gatebench %s: TTFT at the first reasoning token, TTFA after it, no token mismatch', async (flag, suffix) => {
		const {code, stdout, stderr} = await runCli(['--no-tui', flag, `${mock.url}${suffix}`, '--stream', '-n', '3', '--json', '-'], {
			env: {OPENAI_API_KEY: undefined, ANTHROPIC_API_KEY: undefined},
		});
		expect(code, stderr).toBe(0);
		const endpoint = (JSON.parse(stdout) as JsonSummary).endpoints[0];
		expect(endpoint?.successful).toBe(3);
		expect(endpoint?.ttfaMs?.p50).toBeGreaterThan(endpoint?.ttftMs?.p50 ?? Number.POSITIVE_INFINITY);
		if (flag === '--openai') expect(endpoint?.outputTokens?.reasoning).toBe(15);
		expect(endpoint?.outputTokens?.total).toBe(24);
	});
});

describe('mock: tool-call streams', () => {
	let mock: MockServer;
	beforeAll(async () => {
		mock = await startMock({ttftMs: 20, tokenDelayMs: 2, minTokens: 6, maxTokens: 6, toolCalls: true});
	});
	afterAll(async () => mock.close());

	it('OpenAI-style: the arguments arrive in delta.tool_calls pieces that make valid JSON', async () => {
		const client = new OpenAI({apiKey: 'test', baseURL: `${mock.url}/v1`, maxRetries: 0});
		const stream = client.chat.completions.stream({
			model: 'm',
			messages: [{role: 'user', content: 'hi'}],
			tools: [{type: 'function', function: {name: 'search', parameters: {type: 'object'}}}],
		});
		const completion = await stream.finalChatCompletion();
		const call = completion.choices[0]?.message.tool_calls?.[0];
		expect(completion.choices[0]?.finish_reason).toBe('tool_calls');
		expect(call?.type === 'function' ? JSON.parse(call.function.arguments) : undefined).toMatchObject({query: expect.any(String) as unknown});
	});

	it('Anthropic: a tool_use block whose input_json_delta pieces make its input', async () => {
		const client = new Anthropic({apiKey: 'test', baseURL: mock.url, maxRetries: 0});
		const message = await client.messages.stream({model: 'claude', max_tokens: 64, messages: [{role: 'user', content: 'hi'}]}).finalMessage();
		expect(message.stop_reason).toBe('tool_use');
		expect(message.content[0]).toMatchObject({type: 'tool_use', name: 'search', input: {query: expect.any(String) as unknown}});
	});

	it.each([
		['--openai', `/v1`],
		['--anthropic', ''],
	])('gatebench %s: TTFT at the first argument piece, no TTFA (nothing was said in text), no mismatch', async (flag, suffix) => {
		const {code, stdout, stderr} = await runCli(['--no-tui', flag, `${mock.url}${suffix}`, '--stream', '-n', '3', '--json', '-'], {
			env: {OPENAI_API_KEY: undefined, ANTHROPIC_API_KEY: undefined},
		});
		expect(code, stderr).toBe(0);
		const endpoint = (JSON.parse(stdout) as JsonSummary).endpoints[0];
		expect(endpoint?.successful).toBe(3);
		expect(endpoint?.ttftMs?.p50).toBeGreaterThan(0);
		expect(endpoint?.ttfaMs).toBeNull();
		expect(endpoint?.outputTokens).toMatchObject({total: 18, mismatches: 0});
	});
});
