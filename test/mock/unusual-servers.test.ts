import {describe, expect, it} from 'vitest';
import type {JsonSummary} from '../../source/output/json.js';
import {fastMock, runCli} from '../helpers/cli.js';

/** The built-in mock, set to act as a real server may: the behaviours issue 12 met, reproducible locally. */
async function run(mockFlags: readonly string[], client: string, pipeline = 'http') {
	const {code, stdout, stderr} = await runCli([
		'--no-tui',
		'--pipeline',
		pipeline,
		'--stream',
		'-n',
		'24',
		'-c',
		'4',
		'--http-client',
		client,
		'--json',
		'-',
		...fastMock,
		...mockFlags,
	]);
	expect(code, stderr).toBe(0);
	return (JSON.parse(stdout) as JsonSummary).endpoints;
}

describe('mock: legal but unusual servers', () => {
	it.each(['raw', 'undici', 'got'])('--mock-close-after-reply: a server that closes after every reply loses no request (%s)', async (client) => {
		const endpoints = await run(['--mock-close-after-reply'], client);
		for (const endpoint of endpoints) {
			expect(endpoint.errors, endpoint.name).toEqual({});
			expect(endpoint.successful, endpoint.name).toBe(24);
			// The mock did close each connection: every request had to open one (undici cannot say).
			if (client !== 'undici') expect(endpoint.connectionsOpened, endpoint.name).toBe(24);
		}
	});

	it.each(['raw', 'undici', 'got'])('--mock-early-hints: a 103 before every reply is neither the reply nor its first byte (%s)', async (client) => {
		const endpoints = await run(['--mock-early-hints'], client, 'completions');
		for (const endpoint of endpoints) {
			expect(endpoint.errors, endpoint.name).toEqual({});
			expect(endpoint.successful, endpoint.name).toBe(24);
		}
	});
});

describe('mock: SSE line endings', () => {
	it.each(['cr', 'crlf'])('--mock-line-endings %s: the stream ends its lines so, and gatebench reads every event on time', async (eol) => {
		const {startMock} = await import('../../source/mock/server.js');
		const mock = await startMock({ttftMs: 5, tokenDelayMs: 1, minTokens: 4, maxTokens: 4, lineEndings: eol as 'cr' | 'crlf'});
		try {
			const raw = await fetch(`${mock.url}/v1/chat/completions`, {method: 'POST', body: JSON.stringify({model: 'm', messages: [], stream: true})}).then(
				async (reply) => reply.text(),
			);
			expect(raw.includes('\n')).toBe(eol === 'crlf');
			expect(raw).toContain(eol === 'cr' ? 'data: [DONE]\r\r' : 'data: [DONE]\r\n\r\n');
		} finally {
			await mock.close();
		}

		const endpoints = await run([`--mock-line-endings`, eol], 'raw', 'completions');
		for (const endpoint of endpoints) {
			expect(endpoint.errors, endpoint.name).toEqual({});
			expect(endpoint.successful, endpoint.name).toBe(24);
		}
	});
});
