import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {type MockServer, startMock} from '../../source/mock/server.js';
import {fast} from '../helpers/sdk-fetch.js';

describe('mock: what clients probe before sending work', () => {
	let mock: MockServer;
	beforeAll(async () => {
		mock = await startMock(fast);
	});
	afterAll(async () => mock.close());

	it('lists models the OpenAI way, read by the openai SDK (vLLM, Ollama, LiteLLM and OpenRouter answer so too)', async () => {
		const client = new OpenAI({apiKey: 'test', baseURL: `${mock.url}/v1`, maxRetries: 0});
		const ids: string[] = [];
		for await (const model of client.models.list()) ids.push(model.id);
		expect(ids).toContain('gpt-4o-mini');
		const fireworks = await fetch(`${mock.url}/inference/v1/models`).then(async (reply) => reply.json() as Promise<{object: string}>);
		expect(fireworks.object).toBe('list');
	});

	it('lists models the Anthropic way when asked with anthropic-version, read by the Anthropic SDK', async () => {
		const client = new Anthropic({apiKey: 'test', baseURL: mock.url, maxRetries: 0});
		const ids: string[] = [];
		for await (const model of client.models.list()) ids.push(model.id);
		expect(ids).toContain('claude-3-haiku-20240307');
	});

	it('answers GET /health with an empty 200, as vLLM and TGI do', async () => {
		const reply = await fetch(`${mock.url}/health`);
		expect(reply.status).toBe(200);
		expect(await reply.text()).toBe('');
		expect((await fetch(`${mock.url}/nope`)).status).toBe(404);
	});
});
