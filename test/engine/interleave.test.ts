import {writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {delayedServer} from '../helpers/delayed-server.js';
import type {JsonSummary} from '../../source/output/json.js';
import {runCli} from '../helpers/cli.js';
import {tempDirPerTest} from '../helpers/temp.js';

const tempDir = tempDirPerTest();
const closers: Array<() => void> = [];
afterEach(() => {
	for (const close of closers.splice(0)) close();
});

const server = async (delayMs: number) => delayedServer(delayMs, closers);

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
