import {cleanup, render} from 'ink-testing-library';
import {afterEach, describe, expect, it, vi} from 'vitest';
import type {RunPlan} from '../../source/plan/run-plan.js';
import Setup from '../../source/ui/screens/Setup.js';
import {benchmarked, openQuestions, planFrom} from '../../source/ui/setup/steps.js';
import {freeLoopbackPort, upstreamOptions} from '../../source/ui/upstream-port.js';
import {draftFrom} from '../helpers/drafts.js';
import {keys, lines, press, strip, waitFor, waitForText, widest} from '../helpers/ink.js';

afterEach(cleanup);

function setup(args: string[], width = 79) {
	const onDone = vi.fn<(plan: RunPlan) => void>();
	const onQuit = vi.fn();
	const instance = render(<Setup draft={draftFrom(args)} width={width} onDone={onDone} onQuit={onQuit} />);
	return {instance, onDone, onQuit};
}

/** Moves the highlight to the choice labelled `label` with arrow keys, then presses Enter. */
async function choose(instance: ReturnType<typeof render>, label: string) {
	const highlighted = () =>
		lines(instance.lastFrame())
			.find((line) => line.startsWith('›'))
			?.slice(2)
			.split(/\s{2,}/)[0];
	for (let step = 0; highlighted() !== label; step++) {
		if (step > 8) throw new Error(`no choice ${label} in:\n${strip(instance.lastFrame())}`);
		await press(instance, keys.arrowDown);
	}

	instance.stdin.write(keys.enter);
}

describe('Setup', () => {
	it('asks pipeline, provider, stream, requests and concurrency, and the choices make the plan', async () => {
		const {instance, onDone} = setup([]);
		// What to measure first: the built-in mock is ticked, so Enter keeps the original suite's flow.
		await waitForText(instance, 'What to measure');
		expect(strip(instance.lastFrame())).toContain('setup 1/6');
		expect(strip(instance.lastFrame())).toMatch(/› \[x\] built-in mock/);
		instance.stdin.write(keys.enter);
		await waitForText(instance, 'What to benchmark');
		expect(strip(instance.lastFrame())).toContain('setup 2/6');
		// Each choice is explained in one line.
		expect(strip(instance.lastFrame())).toMatch(/completions\s+LLM completions over HTTP/);
		await choose(instance, 'completions');
		await waitForText(instance, 'Completions provider');
		await choose(instance, 'fireworks');
		await waitForText(instance, 'Streaming');
		await choose(instance, 'stream');
		await waitForText(instance, 'Requests per endpoint');
		expect(strip(instance.lastFrame())).toContain('targets 1 chosen · pipeline completions · provider fireworks · stream on');
		await choose(instance, '5000');
		await waitForText(instance, 'Concurrency');
		await choose(instance, '16');
		await waitFor(() => onDone.mock.calls.length === 1, 'the plan');
		expect(onDone.mock.calls[0]?.[0]).toMatchObject({pipeline: 'completions', provider: 'fireworks', stream: true, requests: 5000, concurrency: 16});
	});

	it('says what will be benchmarked for the highlighted choice', async () => {
		const {instance} = setup([]);
		// Enter through would run 100 requests, 8 at a time, against the mock: the preview says so.
		await waitForText(instance, 'will benchmark 7 endpoints on the built-in mock:');
		expect(strip(instance.lastFrame())).toContain('http-then-ws(s): sourcegraph');
		expect(strip(instance.lastFrame())).toContain('each: 100 req × 8 in flight');
		instance.stdin.write(keys.enter);
		await waitForText(instance, 'What to benchmark');
		await press(instance, keys.arrowUp);
		await press(instance, keys.arrowUp);
		await waitForText(instance, 'will benchmark 2 endpoints on the built-in mock:');
		expect(strip(instance.lastFrame()).replaceAll('\n', ' ')).toContain('ws(s): gateway, ws(s): sourcegraph');
	});

	it('asks nothing a flag gave, and no provider or stream without completions', async () => {
		const {instance, onDone} = setup(['--pipeline', 'websocket', '-c', '4']);
		await waitForText(instance, 'Requests per endpoint');
		expect(strip(instance.lastFrame())).toContain('setup 1/1');
		await choose(instance, '100');
		await waitFor(() => onDone.mock.calls.length === 1, 'the plan');
		expect(onDone.mock.calls[0]?.[0]).toMatchObject({pipeline: 'websocket', requests: 100, concurrency: 4});
	});

	it('offers the built-in mock instead of targets given by flags', async () => {
		const {instance, onDone} = setup(['--gateway', 'https://gw.example', '--sgd', 'sgd_x', '--pipeline', 'http', '-n', '10']);
		await waitForText(instance, 'Target');
		expect(strip(instance.lastFrame())).toContain('https://gw.example (from --gateway)');
		expect(strip(instance.lastFrame())).toContain('will benchmark 1 endpoint: http(s): gateway');
		await choose(instance, 'built-in mock');
		await waitForText(instance, 'Concurrency');
		await choose(instance, '8');
		await waitFor(() => onDone.mock.calls.length === 1, 'the plan');
		const plan = onDone.mock.calls[0]?.[0];
		expect(plan?.gateway).toBeUndefined();
		expect(plan).toMatchObject({pipeline: 'http', requests: 10, concurrency: 8});
	});

	it('goes back with Esc and quits with q', async () => {
		const {instance, onQuit} = setup([]);
		await waitForText(instance, 'What to measure');
		instance.stdin.write(keys.enter);
		await waitForText(instance, 'What to benchmark');
		await choose(instance, 'http');
		await waitForText(instance, 'Requests per endpoint');
		await press(instance, keys.escape);
		await waitForText(instance, 'What to benchmark');
		instance.stdin.write('q');
		await waitFor(() => onQuit.mock.calls.length === 1, 'quit');
	});

	it('fits 40 columns', async () => {
		const {instance} = setup([], 40);
		await waitForText(instance, 'What to measure');
		expect(widest(instance.lastFrame())).toBeLessThanOrEqual(40);
	});
});

describe('setup steps', () => {
	it('asks nothing when every choice is given, so the run starts at once', () => {
		const draft = draftFrom(['--pipeline', 'completions', '--provider', 'anthropic', '--stream', '-n', '5', '-c', '2']);
		expect(openQuestions(draft, {})).toEqual([]);
		expect(planFrom(draft, {})).toMatchObject({pipeline: 'completions', provider: 'anthropic', stream: true, requests: 5, concurrency: 2});
	});

	it('does not ask for a request count with --duration, nor concurrency with --rate', () => {
		const draft = draftFrom(['--pipeline', 'http', '--duration', '10s', '--rate', '50']);
		expect(openQuestions(draft, {})).toEqual([]);
	});

	it('offers gateway, sourcegraph or both when both are given', () => {
		const draft = draftFrom(['--gateway', 'https://gw.example', '--sgd', 'a', '--sourcegraph', 'https://sg.example', '--sgp', 'b']);
		const target = openQuestions(draft, {pipeline: 'http'}).find((question) => question.key === 'target');
		expect(target?.choices.map((choice) => choice.label)).toEqual(['gateway + sourcegraph', 'gateway only', 'sourcegraph only', 'built-in mock']);
		expect(planFrom(draft, {target: 'sourcegraph'}).gateway).toBeUndefined();
		expect(planFrom(draft, {target: 'sourcegraph'}).sourcegraph?.url).toBe('https://sg.example');
	});
});

describe('setup steps for direct endpoints', () => {
	it('asks no pipeline or provider, only stream, prompts and load, and the preview names exactly what runs', () => {
		const draft = draftFrom(['--openai', 'mock', '--anthropic', 'mock']);
		expect(openQuestions(draft, {}).map((question) => question.key)).toEqual(['stream', 'workload', 'requests', 'concurrency']);
		expect(benchmarked(planFrom(draft, {}))).toEqual({names: ['anthropic direct: mock', 'openai direct: mock'], mock: false});
	});

	it('interleaves two or more of them by default, unless a flag says otherwise', () => {
		expect(planFrom(draftFrom(['--openai', 'mock', '--anthropic', 'mock']), {}).interleave).toBe(true);
		expect(planFrom(draftFrom(['--openai', 'mock', '--anthropic', 'mock', '--no-interleave']), {}).interleave).toBe(false);
		// Open loop and probes run one endpoint at a time; one endpoint and the original suite have nothing to compare live.
		expect(planFrom(draftFrom(['--openai', 'mock', '--anthropic', 'mock', '--rate', '5']), {}).interleave).toBe(false);
		expect(planFrom(draftFrom(['--openai', 'mock']), {}).interleave).toBe(false);
		expect(planFrom(draftFrom([]), {}).interleave).toBe(false);
		expect(planFrom(draftFrom(['--gateway', 'https://gw.example', '--sgd', 'a', '--openai', 'mock', '--anthropic', 'mock']), {}).interleave).toBe(false);
	});
});

describe('what to measure: targets offered by the environment', () => {
	const env = {ANTHROPIC_API_KEY: 'sk-ant-SECRET', OPENAI_API_KEY: 'sk-SECRET', OPENAI_BASE_URL: 'http://127.0.0.1:9/v1'};

	it('offers providers whose keys are set, saying "key found" and never the key', () => {
		const question = openQuestions(draftFrom([]), {}, [], env)[0];
		expect(question?.key).toBe('targets');
		const lines = question?.choices.map((choice) => `${choice.label} | ${choice.description}`) ?? [];
		expect(lines).toContain('Anthropic API | key found (ANTHROPIC_API_KEY) · https://api.anthropic.com');
		expect(lines).toContain('OpenAI API | key found (OPENAI_API_KEY) · http://127.0.0.1:9/v1');
		expect(lines.join('\n')).not.toContain('SECRET');
		expect(lines.some((line) => line.startsWith('Fireworks'))).toBe(false);
		expect(lines.at(-1)).toMatch(/^add a URL…/);
	});

	it('makes direct endpoints of the providers ticked, asks each one’s model, then stream and load', () => {
		const answers = {targets: ['direct:anthropic', 'direct:openai-compatible']};
		const keys = openQuestions(draftFrom([]), answers, [], env).map((question) => question.title);
		expect(keys).toEqual([
			'Model for anthropic direct: api.anthropic.com',
			'Model for openai direct: 127.0.0.1:9',
			'Streaming',
			'Prompts',
			'Requests per endpoint',
			'Concurrency: requests in flight per endpoint',
		]);
		const plan = planFrom(draftFrom([]), {...answers, models: {'openai direct: 127.0.0.1:9': 'gpt-x'}, stream: true, durationMs: 30_000, rate: 5}, [], env);
		expect(plan.direct.map((spec) => [spec.name, spec.config.token, spec.overrides?.model])).toEqual([
			['anthropic direct: api.anthropic.com', 'sk-ant-SECRET', undefined],
			['openai direct: 127.0.0.1:9', 'sk-SECRET', 'gpt-x'],
		]);
		expect(plan).toMatchObject({stream: true, durationMs: 30_000, rate: 5, requests: undefined, interleave: false});
		expect(benchmarked(plan).names).toEqual(['anthropic direct: api.anthropic.com', 'openai direct: 127.0.0.1:9 (gpt-x)']);
	});

	it('asks no model for an overhead run in front of the built-in mock, which answers any; it does for gateways before a real upstream', () => {
		const titles = (args: string[]) => openQuestions(draftFrom(args), {}, [], {}).map((question) => question.title);
		expect(titles(['--through', 'http://127.0.0.1:9/v1'])).toEqual(['Prompts', 'Requests per endpoint', 'Concurrency: requests in flight per endpoint']);
		expect(titles(['--through', 'http://127.0.0.1:9/v1', '--upstream', 'http://127.0.0.1:8/v1']).filter((title) => title.startsWith('Model'))).toHaveLength(2);
	});

	it('adds the mock as one more OpenAI-compatible endpoint when it is ticked beside them, and a typed URL', () => {
		const plan = planFrom(draftFrom([]), {targets: ['mock', 'direct:anthropic', 'url:http://localhost:8000/v1']}, [], env);
		expect(plan.direct.map((spec) => spec.name)).toEqual(['openai direct: mock', 'anthropic direct: api.anthropic.com', 'openai direct: localhost:8000']);
		// OPENAI_API_KEY is for the OpenAI API: a server typed in gets no key.
		expect(plan.direct.map((spec) => spec.config.token)).toEqual([undefined, 'sk-ant-SECRET', undefined]);
		expect(plan.interleave).toBe(true);
		// The mock alone is the original suite.
		expect(planFrom(draftFrom([]), {targets: ['mock']}, [], env).direct).toEqual([]);
	});

	it('asks what to send them: one prompt (Enter), a prompt file found here, or synthetic lengths; flags that said are never asked again', () => {
		const draft = draftFrom(['--openai', 'mock', '--anthropic', 'mock']);
		const set = {file: 'chat.jsonl', format: 'jsonl' as const, prompts: [{id: 'a', messages: [{role: 'user', content: 'hi'}], text: 'hi'}]};
		const question = openQuestions(draft, {stream: true}, [], {}, [{path: 'chat.jsonl', set}])[0];
		expect(question?.title).toBe('Prompts');
		expect(question?.choices.map((choice) => choice.label)).toEqual(['one prompt', 'chat.jsonl', '512 in · 128 out', '2000 in · 200 out', '128 in · 512 out']);
		expect(question?.choices[question.initial]?.label).toBe('one prompt');
		expect(planFrom(draft, {workload: 'original'}).prompts).toBeUndefined();
		expect(planFrom(draft, {workload: 'file:chat.jsonl'}, [], {}, [{path: 'chat.jsonl', set}])).toMatchObject({prompts: set, uniquePrefix: true});
		expect(planFrom(draft, {workload: 'synthetic:2000:200'})).toMatchObject({
			inputTokens: {mean: 2000, sd: 0},
			outputTokens: {mean: 200, sd: 0},
			exactOutput: true,
			uniquePrefix: true,
		});
		// Given by a flag, or nothing else left to ask (a command that says it all is not stopped for this).
		for (const flags of [
			['--input-tokens', '100'],
			['--prompt', 'x'],
			['--stream', '-n', '10', '-c', '2'],
		]) {
			expect(openQuestions(draftFrom(['--openai', 'mock', '--anthropic', 'mock', ...flags]), {}).map((open) => open.key)).not.toContain('workload');
		}
	});

	it('asks no model when --model gave one', () => {
		const titles = openQuestions(draftFrom(['--model', 'm']), {targets: ['direct:anthropic']}, [], env).map((question) => question.key);
		expect(titles).not.toContain('model');
	});
});

describe('add a URL…', () => {
	it('is typed in place, checked, and ticked; q is a letter while typing', async () => {
		const onDone = vi.fn<(plan: RunPlan) => void>();
		const onQuit = vi.fn();
		const instance = render(<Setup draft={draftFrom([])} width={100} onDone={onDone} onQuit={onQuit} />);
		await waitForText(instance, 'What to measure');
		await press(instance, keys.arrowDown);
		await waitForText(instance, '›     add a URL…');
		await press(instance, keys.enter);
		await waitForText(instance, 'URL: ');
		for (const key of 'ftp://q') await press(instance, key);
		await press(instance, keys.enter);
		await waitForText(instance, '"ftp://q" must start with http:// or https://');
		expect(onQuit).not.toHaveBeenCalled();
		await press(instance, keys.escape);
		await press(instance, keys.enter);
		await waitForText(instance, 'URL: ');
		for (const key of 'http://localhost:8000/v1') await press(instance, key);
		await press(instance, keys.enter);
		await waitForText(instance, '[x] OpenAI-compatible');
		await waitForText(instance, 'will benchmark 2 endpoints: openai direct: mock, openai direct: localhost:8000');
	});
});

describe('add a gateway…', () => {
	it('says where to point it, and makes an overhead run of the mock directly and through each gateway added', async () => {
		const onDone = vi.fn<(plan: RunPlan) => void>();
		const instance = render(<Setup draft={draftFrom(['-n', '20', '-c', '4'])} width={120} onDone={onDone} onQuit={vi.fn()} upstreamPort={9999} />);
		await waitForText(instance, 'What to measure');
		await press(instance, `${keys.arrowDown}${keys.arrowDown}`);
		await waitForText(instance, '›     add a gateway…');
		expect(strip(instance.lastFrame())).toContain('point it at http://127.0.0.1:9999');
		await press(instance, keys.enter);
		await waitForText(instance, 'gateway URL: ');
		expect(strip(instance.lastFrame()).replaceAll('\n', ' ')).toContain('nginx `proxy_pass http://127.0.0.1:9999;`');
		await press(instance, 'http://127.0.0.1:8080/v1\r');
		await waitForText(instance, '[x] gateway');
		await waitForText(instance, 'will benchmark 2 endpoints: direct: built-in mock, via 127.0.0.1:8080');
		// The mock is ticked beside it by default: it is the gateway's upstream, not one more endpoint.
		await press(instance, keys.enter);
		await waitFor(() => onDone.mock.calls.length === 1, 'the plan');
		const plan = onDone.mock.calls[0]?.[0];
		expect(plan).toMatchObject({overhead: true, interleave: true, stream: true, warmup: 8, witness: {url: 'mock'}});
		expect(plan?.direct.map((spec) => [spec.name, spec.config.url])).toEqual([
			['direct: built-in mock', 'mock'],
			['via 127.0.0.1:8080', 'http://127.0.0.1:8080/v1'],
		]);
	});

	it('has the mock listen where the gateways were pointed, each reply drawn from its prompt; other runs keep their mock options', async () => {
		const port = await freeLoopbackPort();
		expect(port).toBeGreaterThan(0);
		const overhead = planFrom(draftFrom([]), {targets: ['mock', 'through:http://127.0.0.1:8080/v1']});
		expect(upstreamOptions(overhead, {ttftMs: 5}, port)).toEqual({draws: 'prompt', ttftMs: 5, port});
		// --mock-port given: the gateways were pointed there.
		expect(upstreamOptions(overhead, {port: 7000}, port)).toEqual({draws: 'prompt', port: 7000});
		const plain = planFrom(draftFrom([]), {targets: ['mock']});
		expect(upstreamOptions(plain, {ttftMs: 5}, port)).toEqual({ttftMs: 5});
	});

	it('is not offered without a port chosen for the upstream', () => {
		const labels = openQuestions(draftFrom([]), {})[0]?.choices.map((choice) => choice.label) ?? [];
		expect(labels).not.toContain('add a gateway…');
	});
});

describe('keys in one burst (a paste, tmux send-keys, a slow SSH link)', () => {
	it('types a URL and confirms it with the Enter that came with it; Esc back from the model question keeps it ticked', async () => {
		const listModels = vi.fn(async () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:1')));
		const instance = render(<Setup draft={draftFrom([])} width={100} onDone={vi.fn()} onQuit={vi.fn()} listModels={listModels} />);
		await waitForText(instance, 'What to measure');
		await press(instance, `${keys.arrowDown}`);
		await press(instance, keys.enter);
		await waitForText(instance, 'URL: ');
		// The whole URL and its Enter in one write.
		await press(instance, 'http://127.0.0.1:1/v1\r');
		await waitForText(instance, '[x] OpenAI-compatible  http://127.0.0.1:1/v1');
		expect(strip(instance.lastFrame())).not.toContain('URL: ');
		await press(instance, keys.enter);
		// The server refused: one line on the question, the default model still offered, no crash.
		await waitForText(instance, 'could not list models: connect ECONNREFUSED 127.0.0.1:1');
		expect(strip(instance.lastFrame())).toMatch(/› gpt-4o-mini/);
		await press(instance, keys.escape);
		await waitForText(instance, 'What to measure');
		expect(strip(instance.lastFrame())).toContain('[x] OpenAI-compatible  http://127.0.0.1:1/v1');
	});

	it('narrows the model list and picks with the Enter of the same burst, and a picker takes jj and Enter in one write', async () => {
		const listModels = vi.fn(async () => ['alpha-small', 'beta-large', 'gamma-large']);
		const draft = draftFrom(['--openai', 'http://127.0.0.1:1/v1']);
		const instance = render(<Setup draft={draft} width={100} onDone={vi.fn()} onQuit={vi.fn()} listModels={listModels} />);
		await waitForText(instance, '3 listed by the server');
		await press(instance, 'gamma\r');
		await waitForText(instance, 'models gamma-large');
		// The next question, streaming, is a single choice: a move down and Enter in one write.
		await waitForText(instance, '› no stream');
		await press(instance, 'j\r');
		await waitForText(instance, 'models gamma-large · stream on');
		// Prompts: two moves down and Enter in one write take the third choice.
		await waitForText(instance, '› one prompt');
		await press(instance, 'jj\r');
		await waitForText(instance, 'models gamma-large · stream on · workload synthetic:2000:200');
	});
});
