import {writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {delayedServer} from '../helpers/delayed-server.js';
import type {JsonSummary} from '../../source/output/json.js';
import {runCli} from '../helpers/cli.js';
import {roundOrder} from '../../source/engine/interleave.js';
import {tempDirPerTest} from '../helpers/temp.js';

const tempDir = tempDirPerTest();
const closers: Array<() => void> = [];
afterEach(() => {
	for (const close of closers.splice(0)) close();
});

const server = async (delayMs: number) => delayedServer(delayMs, closers);

describe('--interleave', () => {
	it('sends a round in an order drawn for it from the seed: the same each run, and no endpoint always first', () => {
		const orders = Array.from({length: 200}, (_, seq) => roundOrder(3, seq, 7).join(''));
		expect(orders).toEqual(Array.from({length: 200}, (_, seq) => roundOrder(3, seq, 7).join('')));
		expect(new Set(orders)).toEqual(new Set(['012', '021', '102', '120', '201', '210']));
		for (const first of ['0', '1', '2']) expect(orders.filter((order) => order.startsWith(first)).length).toBeGreaterThan(40);
		expect(orders).not.toEqual(Array.from({length: 200}, (_, seq) => roundOrder(3, seq, 8).join('')));
	});

	// In turn, a round's worker is at one endpoint at a time: the slow one holds all three most of the time, the fast one at most three.
	it.each([
		['together', [3, 3]],
		['in-turn', [expect.toSatisfy((most: number) => most >= 1 && most <= 3), 3]],
	] as const)(
		'--round-sends %s keeps -c requests in flight per endpoint at most, and divides each endpoint’s rates by its own active time',
		async (sends, most) => {
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
			const {code, stdout, stderr} = await runCli(['--no-tui', '--compare', file, '--round-sends', sends, '--json', '-'], {env: {OPENAI_API_KEY: undefined}});
			expect(code, stderr).toBe(0);
			const json = JSON.parse(stdout) as JsonSummary;
			expect(json.concurrency).toBe(3);
			expect(json.load.roundSends).toBe(sends);
			expect([fast.most(), slow.most()]).toEqual(most);
			const [fastStats, slowStats] = json.endpoints;
			expect([fastStats?.successful, slowStats?.successful]).toEqual([12, 12]);
			// Both ran in the same rounds (the slow one set their pace), yet each one's rate is its own: 150 ms
			// against 20, over each one's own active time (in turn, the fast one mostly has one request in flight).
			expect(fastStats!.requestsPerSecond).toBeGreaterThan((sends === 'together' ? 3 : 1.5) * slowStats!.requestsPerSecond);
			expect(fastStats!.elapsedMs).toBeLessThan(slowStats!.elapsedMs);
		},
	);
});
