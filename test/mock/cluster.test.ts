import {spawn} from 'node:child_process';
import {once} from 'node:events';
import {afterEach, describe, expect, it} from 'vitest';
import {binPath} from '../helpers/cli.js';
import {postJson, readSse} from '../helpers/sdk-fetch.js';

const children: Array<ReturnType<typeof spawn>> = [];
afterEach(() => {
	for (const child of children.splice(0)) child.kill('SIGKILL');
});

/** `gatebench mock --processes N` on a free port: resolves with its URL once it says it listens. */
async function startCluster(processes: number) {
	const child = spawn(
		process.execPath,
		[
			binPath,
			'mock',
			'--port',
			'0',
			'--processes',
			String(processes),
			'--ttft-ms',
			'20',
			'--token-delay-ms',
			'2',
			'--min-tokens',
			'4',
			'--max-output-tokens',
			'4',
		],
		{
			stdio: ['ignore', 'pipe', 'pipe'],
		},
	);
	children.push(child);
	let output = '';
	const url = await new Promise<string>((resolve, reject) => {
		child.stdout.on('data', (chunk: Buffer) => {
			output += chunk.toString();
			const match = /listening on (http:\/\/\S+)/.exec(output);
			if (match?.[1]) resolve(match[1]);
		});
		child.once('exit', (code) => reject(new Error(`the mock stopped (exit ${code}): ${output}`)));
	});
	return {child, url, output: () => output};
}

type Timing = {processes: number; firstTokensByProcess: number[]; firstToken: {count: number}; laterTokens: {count: number}};

describe('mock: one port served by several processes (--processes)', () => {
	it('serves streams from every process, adds up their timing records, and stops them all on SIGTERM', {timeout: 60_000}, async () => {
		const mock = await startCluster(2);
		expect(mock.output()).toMatch(/\(gateway and sourcegraph targets; 2 processes\)/);
		await (await fetch(`${mock.url}/mock/timing?reset=1`)).text();
		const body = {model: 'm', max_tokens: 64, stream: true, messages: [{role: 'user', content: 'hi'}]};
		// Eight connections at once: the cluster hands them to its processes in turn.
		const replies = await Promise.all(
			Array.from({length: 8}, async () => readSse(await postJson(`${mock.url}/v1/chat/completions`, body, {connection: 'close'}))),
		);
		for (const events of replies) expect(events.at(-1)?.data).toBe('[DONE]');
		const timing = (await (await fetch(`${mock.url}/mock/timing`)).json()) as Timing;
		expect(timing.processes).toBe(2);
		expect(timing.firstToken.count).toBe(8);
		expect(timing.laterTokens.count).toBe(24);
		expect(timing.firstTokensByProcess.reduce((sum, count) => sum + count, 0)).toBe(8);
		expect(Math.min(...timing.firstTokensByProcess)).toBeGreaterThan(0);
		mock.child.kill('SIGTERM');
		const [code] = (await once(mock.child, 'exit')) as [number | null];
		expect(code).toBe(0);
	});
});
