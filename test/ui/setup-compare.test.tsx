import {mkdirSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {cleanup, render} from 'ink-testing-library';
import {afterEach, describe, expect, it, vi} from 'vitest';
import type {RunPlan} from '../../source/plan/run-plan.js';
import {discoverCompareFiles, discoverPromptFiles} from '../../source/cli/discover-compare-files.js';
import {noneSelected} from '../../source/ui/components/MultiSelect.js';
import Setup from '../../source/ui/screens/Setup.js';
import {openQuestions, planFrom} from '../../source/ui/setup/steps.js';
import {tempDirPerTest} from '../helpers/temp.js';
import {draftFrom} from '../helpers/drafts.js';
import {keys, lines, press, strip, waitFor, waitForText, widest} from '../helpers/ink.js';

afterEach(cleanup);
const tempDir = tempDirPerTest();
const example = fileURLToPath(new URL('../../examples/compare-mock.json', import.meta.url));
const exampleNames = ['anthropic via gateway', 'anthropic direct', 'fireworks via gateway', 'fireworks chat direct', 'openai-compatible'];

function setup(args: string[], dir?: string, width = 79) {
	const onDone = vi.fn<(plan: RunPlan) => void>();
	const instance = render(
		<Setup draft={draftFrom(args)} width={width} onDone={onDone} onQuit={vi.fn()} discover={dir ? () => discoverCompareFiles({dir, env: {}}) : undefined} />,
	);
	return {instance, onDone};
}

const names = (plan: RunPlan | undefined) => plan?.endpoints?.map((spec) => spec.name);
const ticked = (frame: string | undefined) => lines(frame).filter((line) => line.includes('[x]')).length;

/** A folder with a valid comparison file (2 endpoints, sets the request count), an invalid one and a stray file. */
function folder(): string {
	const dir = tempDir();
	mkdirSync(join(dir, 'examples'));
	const endpoints = [
		{name: 'local mock', kind: 'gateway', url: 'mock'},
		{name: 'vllm', kind: 'openai-compatible', url: 'http://localhost:8000/v1', api: 'chat'},
	];
	writeFileSync(join(dir, 'examples', 'good.json'), JSON.stringify({load: {requests: 20, stream: true}, endpoints}));
	writeFileSync(join(dir, 'broken.compare.json'), JSON.stringify({endpoints: [{name: 'x', kind: 'nonsense', url: 'mock'}]}));
	writeFileSync(join(dir, 'examples', 'notes.txt'), 'not a comparison file');
	return dir;
}

describe('Setup with a comparison file', () => {
	it('lists every endpoint, all ticked; the ones left ticked make the plan, in file order', async () => {
		const {instance, onDone} = setup(['--compare', example]);
		await waitForText(instance, 'Which endpoints');
		const frame = strip(instance.lastFrame());
		expect(frame).toContain('setup 1/1');
		expect(frame).toMatch(/\[x\] anthropic via gateway\s+gateway · mock/);
		expect(frame).toMatch(/\[x\] openai-compatible\s+openai-compatible · mock/);
		expect(ticked(frame)).toBe(5);
		await waitForText(instance, 'will benchmark 5 endpoints on the built-in mock');
		await press(instance, keys.arrowDown);
		await press(instance, ' ');
		await press(instance, keys.arrowDown);
		await press(instance, keys.arrowDown);
		await press(instance, ' ');
		expect(strip(instance.lastFrame())).toMatch(/\[ \] anthropic direct/);
		expect(strip(instance.lastFrame())).toMatch(/\[ \] fireworks chat direct/);
		// The preview names what is still ticked.
		await waitForText(instance, 'will benchmark 3 endpoints on the built-in mock: anthropic via gateway,');
		expect(strip(instance.lastFrame())).toContain('each: 40 req × 4 in flight, interleaved, streamed');
		instance.stdin.write(keys.enter);
		await waitFor(() => onDone.mock.calls.length === 1, 'the plan');
		const plan = onDone.mock.calls[0]?.[0];
		expect(names(plan)).toEqual(['anthropic via gateway', 'fireworks via gateway', 'openai-compatible']);
		expect(plan).toMatchObject({requests: 40, concurrency: 4, interleave: true, stream: true});
	});

	it('toggles all with a, and will not go on with none ticked', async () => {
		const {instance, onDone} = setup(['--compare', example, '-n', '7']);
		await waitForText(instance, 'Which endpoints');
		await press(instance, 'a');
		expect(ticked(instance.lastFrame())).toBe(0);
		await press(instance, 'a');
		expect(ticked(instance.lastFrame())).toBe(5);
		await press(instance, 'a');
		await press(instance, keys.enter);
		await waitForText(instance, noneSelected);
		expect(strip(instance.lastFrame())).toContain('Which endpoints');
		expect(onDone).not.toHaveBeenCalled();
		await press(instance, keys.arrowUp);
		await press(instance, ' ');
		expect(strip(instance.lastFrame())).not.toContain(noneSelected);
		instance.stdin.write(keys.enter);
		await waitFor(() => onDone.mock.calls.length === 1, 'the plan');
		expect(names(onDone.mock.calls[0]?.[0])).toEqual(['openai-compatible']);
		expect(onDone.mock.calls[0]?.[0]).toMatchObject({requests: 7});
	});

	it('fits 40 columns', async () => {
		const {instance} = setup(['--compare', example], undefined, 40);
		await waitForText(instance, 'Which endpoints');
		expect(widest(instance.lastFrame())).toBeLessThanOrEqual(40);
	});

	it('does not ask with one endpoint, and runs them all when nobody answers', () => {
		const dir = tempDir();
		const one = join(dir, 'one.json');
		writeFileSync(one, JSON.stringify({load: {requests: 5, concurrency: 1}, endpoints: [{name: 'solo', kind: 'gateway', url: 'mock'}]}));
		expect(openQuestions(draftFrom(['--compare', one]), {})).toEqual([]);
		// Without a terminal the console takes planFrom(draft, {}): every endpoint of the file.
		expect(names(planFrom(draftFrom(['--compare', example]), {}))).toEqual(exampleNames);
	});
});

describe('comparison files found in the current folder', () => {
	it('are offered among the targets; invalid ones are left out', async () => {
		const {instance, onDone} = setup([], folder());
		await waitForText(instance, 'compare: examples/good.json (2 endpoints)');
		const frame = lines(instance.lastFrame());
		expect(frame.findIndex((line) => line.includes('compare:'))).toBeGreaterThan(frame.findIndex((line) => line.includes('built-in mock')));
		expect(strip(instance.lastFrame())).not.toContain('broken');
		// A long file name does not push the other descriptions aside.
		expect(strip(instance.lastFrame())).toMatch(/\[x\] built-in mock {2,12}an in-process mock/);
		await press(instance, keys.arrowDown);
		await press(instance, ' ');
		// A file ticked stands for its endpoints.
		await waitForText(instance, 'will benchmark 2 endpoints on the built-in mock: local mock, vllm');
		expect(strip(instance.lastFrame())).toContain('each: 20 req × 1 in flight, interleaved, streamed');
		instance.stdin.write(keys.enter);
		// The file set the request count: only the endpoints and the concurrency are left.
		await waitForText(instance, 'Which endpoints');
		expect(strip(instance.lastFrame())).toContain('setup 2/3');
		expect(strip(instance.lastFrame())).toContain('compare examples/good.json');
		expect(strip(instance.lastFrame())).toMatch(/\[x\] vllm\s+openai-compatible · localhost:8000/);
		await press(instance, ' ');
		instance.stdin.write(keys.enter);
		await waitForText(instance, 'Concurrency');
		await press(instance, keys.arrowDown);
		instance.stdin.write(keys.enter);
		await waitFor(() => onDone.mock.calls.length === 1, 'the plan');
		const plan = onDone.mock.calls[0]?.[0];
		expect(names(plan)).toEqual(['vllm']);
		expect(plan).toMatchObject({requests: 20, concurrency: 4, stream: true});
	});

	it('are not offered when flags name a target, and flags win over the file', () => {
		const found = discoverCompareFiles({dir: folder(), env: {}});
		expect(found.map((item) => item.path)).toEqual(['examples/good.json']);
		const gateway = draftFrom(['--gateway', 'https://gw.example', '--sgd', 'x']);
		const labels = openQuestions(gateway, {}, found)[0]?.choices.map((choice) => choice.label);
		expect(labels).toEqual(['completions', 'websocket', 'http', 'all']);
		expect(planFrom(draftFrom(['-n', '3']), {compare: 'examples/good.json'}, found)).toMatchObject({requests: 3, stream: true});
	});
});

describe('prompt files found in the working folder', () => {
	it('are offered on the Prompts question when providers are compared; the one picked is what every request carries', async () => {
		const dir = tempDir();
		writeFileSync(join(dir, 'chat.jsonl'), '{"id": "q1", "prompt": "What is HTTP?"}\n{"id": "q2", "prompt": "What is TCP?"}\n');
		writeFileSync(join(dir, 'bad.jsonl'), '{"prompt": 3}\n');
		writeFileSync(join(dir, 'prompts.txt'), 'one\ntwo\n');
		writeFileSync(join(dir, 'notes.txt'), 'not a prompt file by its name\n');
		writeFileSync(join(dir, 'sharegpt_small.json'), JSON.stringify([{id: 's', conversations: [{from: 'human', value: 'Hi'}]}]));
		expect(discoverPromptFiles({dir}).map((file) => [file.path, file.set.prompts.length])).toEqual([
			['chat.jsonl', 2],
			['prompts.txt', 2],
			['sharegpt_small.json', 1],
		]);
		const onDone = vi.fn<(plan: RunPlan) => void>();
		const instance = render(
			<Setup
				draft={draftFrom(['--openai', 'mock', '--anthropic', 'mock', '-n', '10', '-c', '2'])}
				width={100}
				onDone={onDone}
				onQuit={vi.fn()}
				discoverPrompts={() => discoverPromptFiles({dir})}
			/>,
		);
		await waitForText(instance, 'Streaming');
		await press(instance, keys.enter);
		await waitForText(instance, 'Prompts');
		expect(strip(instance.lastFrame())).toMatch(/chat\.jsonl +2 prompts \(jsonl\), in order, a unique prefix each/);
		expect(strip(instance.lastFrame())).not.toContain('bad.jsonl');
		await press(instance, keys.arrowDown);
		await press(instance, keys.enter);
		await waitFor(() => onDone.mock.calls.length === 1, 'the plan');
		const plan = onDone.mock.calls[0]?.[0];
		expect(plan?.prompts?.prompts.map((prompt) => prompt.id)).toEqual(['q1', 'q2']);
		expect(plan?.uniquePrefix).toBe(true);
	});
});
