import {once} from 'node:events';
import {writeFileSync} from 'node:fs';
import {createServer} from 'node:http';
import type {AddressInfo} from 'node:net';
import {join} from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import type {JsonSummary} from '../../source/output/json.js';
import {runCli} from '../helpers/cli.js';
import {tempDirPerTest} from '../helpers/temp.js';

const tempDir = tempDirPerTest();
const closers: Array<() => void> = [];
afterEach(() => {
	for (const close of closers.splice(0)) close();
});

/** An OpenAI-compatible server that answers after `delayMs` and keeps the most requests it ever had in flight at once. */
async function server(delayMs: number) {
	let inFlight = 0;
	let most = 0;
	const http = createServer((request, response) => {
		inFlight++;
		most = Math.max(most, inFlight);
		request.resume();
		setTimeout(() => {
			inFlight--;
			response.writeHead(200, {'content-type': 'application/json'});
			response.end(
				JSON.stringify({
					id: 'x',
					object: 'chat.completion',
					choices: [{index: 0, message: {role: 'assistant', content: 'hi'}}],
					usage: {prompt_tokens: 1, completion_tokens: 1, total_tokens: 2},
				}),
			);
		}, delayMs);
	});
	http.listen(0, '127.0.0.1');
	await once(http, 'listening');
	closers.push(() => {
		http.closeAllConnections();
		http.close();
	});
	return {url: `http://127.0.0.1:${(http.address() as AddressInfo).port}/v1`, most: () => most};
}

describe('--interleave', () => {
	it('keeps -c requests in flight per endpoint, and divides each endpoint’s rates by its own active time', async () => {
		const [fast, slow] = await Promise.all([server(20), server(150)]);
		const file = join(tempDir(), 'pair.compare.json');
		writeFileSync(
			file,
			JSON.stringify({
				load: {requests: 12, concurrency: 3, interleave: true},
				endpoints: [
					{name: 'fast', kind: 'openai-compatible', url: fast.url},
					{name: 'slow', kind: 'openai-compatible', url: slow.url},
				],
			}),
		);
		const {code, stdout, stderr} = await runCli(['--no-tui', '--compare', file, '--json', '-'], {env: {OPENAI_API_KEY: undefined}});
		expect(code, stderr).toBe(0);
		const json = JSON.parse(stdout) as JsonSummary;
		expect(json.concurrency).toBe(3);
		expect([fast.most(), slow.most()]).toEqual([3, 3]);
		const [fastStats, slowStats] = json.endpoints;
		expect([fastStats?.successful, slowStats?.successful]).toEqual([12, 12]);
		// Both ran in the same rounds (the slow one set their pace), yet each one's rate is its own.
		expect(fastStats!.requestsPerSecond).toBeGreaterThan(3 * slowStats!.requestsPerSecond);
		expect(fastStats!.elapsedMs).toBeLessThan(slowStats!.elapsedMs);
	});
});
