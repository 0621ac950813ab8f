import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {hasTmux, plainText, resultFiles, tmuxPanes} from '../helpers/tmux.js';

const {tmux, launch, capture, waitForPane, send} = tmuxPanes();

/** Requests done per endpoint number, read from the comparison rows on screen. */
function doneCounts(screen: string): Map<string, number> {
	const counts = new Map<string, number>();
	for (const match of screen.matchAll(/^([1-9]) {2}(?:openai|anthropic) direct: mock +(\d+) /gm)) counts.set(match[1] ?? '', Number(match[2]));
	return counts;
}

const bothAbove = (floor: ReadonlyMap<string, number>) => (screen: string) => {
	const counts = doneCounts(screen);
	return ['1', '2'].every((row) => (counts.get(row) ?? 0) > (floor.get(row) ?? 0));
};

/** A RegExp-like test over a whole screen, for waitForPane. */
const when = (test: (screen: string) => boolean): RegExp => ({test}) as unknown as RegExp;

describe.skipIf(!hasTmux)('comparing endpoints in the console', () => {
	// One broad run at the strictest size, under NO_COLOR: the 120×40 screens are drawn by the sweep and Setup tests.
	it.each([[80, 24, true]] as const)(
		'runs two direct endpoints interleaved, both rows updating at once, with a verdict line, the detail view and a run again (%i×%i, NO_COLOR %s)',
		{timeout: 120_000},
		async (columns, rows, noColour) => {
			const launched = launch(
				[
					'--openai',
					'mock',
					'--anthropic',
					'mock',
					'--stream',
					'-n',
					'150',
					'-c',
					'2',
					'--mock-ttft-ms',
					'20',
					'--mock-token-delay-ms',
					'2',
					'--mock-max-output-tokens',
					'10',
					'--mock-min-tokens',
					'5',
				],
				{size: [columns, rows], env: noColour ? {NO_COLOR: '1'} : {}},
			);
			// Under NO_COLOR the screens are captured with their escape codes, to see that none colours.
			const pane = {...launched, escapes: noColour};
			await waitForPane(pane, /× 2 in flight, interleaved/);
			const first = doneCounts(await waitForPane(pane, when(bothAbove(new Map()))));
			// A later frame in which both rows have moved on: they run together, not one after the other.
			const later = await waitForPane(pane, when(bothAbove(first)));
			expect(later).toMatch(/^# {2}endpoint\s+done\s/m);
			await waitForPane(pane, /^2 vs 1 {2}TTFT p50 [+-][\d.]+ ms \[[+-][\d.]+, [+-][\d.]+\] (?:slower|faster|no clear difference yet)/m);
			for (const screen of pane.seen.map(plainText)) {
				expect(screen.split('\n').filter((line) => line.trim()).length).toBeLessThan(rows);
				for (const line of screen.split('\n')) expect(line.length).toBeLessThan(columns);
			}

			const summary = await waitForPane(pane, /gatebench results/);
			expect(summary).toMatch(/^2 vs 1 {2}TTFT p50 .*(?:slower|faster|no clear difference)/m);
			// The detail view of the second endpoint, and back.
			await send(pane, 'Down', /^› openai direct: mock/m);
			const detail = await send(pane, 'Enter', /latency distribution ms/).then(() => plainText(capture(pane)));
			expect(detail).toMatch(/^openai direct: mock {2}150\/150 ok/m);
			expect(detail).toMatch(/^latency p50 [\d.]+ · p95/m);
			expect(detail).toContain('no errors');
			await send(pane, 'Escape', /gatebench results/);
			const {requests} = resultFiles(pane.dir);
			expect(requests).toHaveLength(300);
			// r: the same plan again, shown beside the first run.
			await send(pane, 'r', /× 2 in flight, interleaved/);
			const both = await waitForPane(pane, /openai direct: mock · run 2/);
			expect(both).toMatch(/anthropic direct: mock · run 1/);
			expect(both).toMatch(/^3 vs 1 {2}TTFT p50/m);
			await send(pane, 'q', /GATEBENCH_EXIT=0/);
			const raw = capture(pane, true);
			const after = plainText(raw);
			// eslint-disable-next-line no-control-regex -- the escape character is what is looked for
			if (noColour) for (const screen of [...pane.seen, raw]) expect(screen).not.toMatch(/\u001B\[(?:[\d;]*;)?(?:3[0-8]|9[0-7])(?:;[\d;]*)?m/);
			expect(after).toMatch(/^openai direct: mock vs anthropic direct: mock, pair by pair:\n {2}latency {5}p50 /m);
			expect(after).toContain('Runs side by side:');
			// Printed once the console has gone: both runs' files.
			const printed = after.slice(after.lastIndexOf('Runs side by side:'));
			expect(printed.match(/^saved gatebench-results\/\S+-requests\.csv$/gm)).toHaveLength(2);
		},
	);
});

describe.skipIf(!hasTmux)('steering a run from the console', () => {
	it(
		'+ raises the load and p pauses (nothing sent) then resumes: three phases, on screen, in the request CSV and in the JSON',
		{timeout: 120_000},
		async () => {
			const pane = launch([
				...['--openai', 'mock', '--anthropic', 'mock', '--stream', '-n', '100000', '-c', '1', '--json', 'run.json'],
				...['--mock-ttft-ms', '20', '--mock-token-delay-ms', '2', '--mock-max-output-tokens', '10', '--mock-min-tokens', '5'],
			]);
			await waitForPane(pane, /× 1 in flight, interleaved/);
			await waitForPane(pane, when(bothAbove(new Map([['1', 5]]))));
			await send(pane, '+', /× 2 in flight, interleaved \(phase 2\)/);
			const raised = doneCounts(capture(pane));
			await waitForPane(pane, when(bothAbove(new Map([...raised].map(([row, count]) => [row, count + 10])))));
			await send(pane, 'p', /paused: nothing sent {2}p resume/);
			// Paused for two seconds by the run's own clock on screen.
			const clock = (screen: string) => {
				const match = /(\d+):(\d\d) {2}ETA/.exec(screen);
				return match ? Number(match[1]) * 60 + Number(match[2]) : Number.NaN;
			};
			const pausedAt = clock(capture(pane));
			await waitForPane(
				pane,
				when((screen) => clock(screen) >= pausedAt + 2),
			);
			await send(pane, 'p', /\(phase 3\)/);
			expect(capture(pane)).toContain('p pause · +/- concurrency');
			await send(pane, 'q', /gatebench results/);
			await send(pane, 'q', /GATEBENCH_EXIT=130/);

			const {requests} = resultFiles(pane.dir);
			const phases = new Set(requests.map((row) => row['Phase']));
			expect([...phases].sort()).toEqual(['1', '2', '3']);
			// While paused nothing was sent: 2 s without a send, where the run otherwise sends every few tens of ms.
			const starts = (phase: string) => requests.filter((row) => row['Phase'] === phase).map((row) => Number(row['Start Offset (ms)']));
			expect(Math.min(...starts('3')) - Math.max(...starts('2'))).toBeGreaterThan(1500);
			const sends = starts('2').sort((a, b) => a - b);
			expect(Math.max(...sends.slice(1).map((at, index) => at - (sends[index] ?? 0)))).toBeLessThan(1500);

			const json = JSON.parse(readFileSync(join(pane.dir, 'run.json'), 'utf8')) as {
				phases: Array<{phase: number; concurrency: number; startedAtMs: number}>;
				endpoints: Array<{phases: Array<{phase: number; requests: number}>; requests: number}>;
			};
			expect(json.phases.map(({phase, concurrency}) => ({phase, concurrency}))).toEqual([
				{phase: 1, concurrency: 1},
				{phase: 2, concurrency: 2},
				{phase: 3, concurrency: 2},
			]);
			for (const endpoint of json.endpoints) {
				expect(endpoint.phases.map((phase) => phase.phase)).toEqual([1, 2, 3]);
				expect(endpoint.phases.reduce((sum, phase) => sum + phase.requests, 0)).toBe(endpoint.requests);
			}
		},
	);
});

describe.skipIf(!hasTmux)('setting up a comparison from the console', () => {
	it(
		'offers the two providers whose keys are in the environment, picks both, a model from the server’s list and the same synthetic work, and runs them side by side',
		{timeout: 120_000},
		async () => {
			const {startMock} = await import('../../source/mock/server.js');
			const server = await startMock({ttftMs: 5, tokenDelayMs: 1, minTokens: 3, maxTokens: 6});
			try {
				const secret = 'sk-ant-SECRETsetupkey';
				const pane = launch([], {
					size: [100, 30],
					env: {ANTHROPIC_API_KEY: secret, ANTHROPIC_BASE_URL: server.url, OPENAI_API_KEY: 'sk-SECRETopenai', OPENAI_BASE_URL: `${server.url}/v1`},
				});
				await waitForPane(pane, /What to measure/);
				const offered = capture(pane);
				expect(offered).toMatch(/\[ \] Anthropic API\s+key found \(ANTHROPIC_API_KEY\)/);
				expect(offered).toMatch(/\[ \] OpenAI API\s+key found \(OPENAI_API_KEY\)/);
				// Untick the mock, tick both providers.
				await send(pane, 'Space', /\[ \] built-in mock/);
				await send(pane, 'Down', /› \[ \] Anthropic API/);
				await send(pane, 'Space', /› \[x\] Anthropic API/);
				await send(pane, 'Down', /› \[ \] OpenAI API/);
				await send(pane, 'Space', /will benchmark 2 endpoints: anthropic direct: 127\.0\.0\.1:\d+ \(claude-3-haiku-20240307\),/);
				await send(pane, 'Enter', /Model for anthropic direct/);
				// The list is the server's own; typing narrows it.
				await waitForPane(pane, /2 listed by the server/);
				expect(capture(pane)).toMatch(/› claude-3-haiku-20240307\n {2}claude-sonnet-4-5/);
				tmux('send-keys', '-t', pane.name, '-l', 'sonnet');
				await waitForPane(pane, /filter: sonnet\n› claude-sonnet-4-5\n/);
				await send(pane, 'Enter', /Model for openai direct/);
				await waitForPane(pane, /3 listed by the server/);
				await send(pane, 'Enter', /Streaming/);
				expect(capture(pane)).toMatch(/anthropic direct: 127\.0\.0\.1:\d+ \(claude-sonnet-4-5\),\s+openai direct: 127\.0\.0\.1:\d+ \(gpt-4o-mini\)/);
				await send(pane, 'Down', /› stream/);
				await send(pane, 'Enter', /Prompts/);
				// The same work for both: synthetic prompts, 128 tokens out (the mock would stop at 6 but for ignore_eos).
				await send(pane, 'Down', /› 512 in · 128 out/);
				await send(pane, 'Enter', /Requests per endpoint/);
				await send(pane, '1', /Concurrency/);
				await send(pane, '2', /× 4 in flight, interleaved/);
				await waitForPane(pane, /gatebench results/);
				await send(pane, 'q', /GATEBENCH_EXIT=0/);
				const {requests} = resultFiles(pane.dir);
				expect(new Set(requests.map((row) => row['Endpoint']))).toEqual(
					new Set([expect.stringMatching(/^anthropic direct: /), expect.stringMatching(/^openai direct: /)]),
				);
				expect(requests).toHaveLength(200);
				for (const row of requests) {
					expect([row['Prompt ID']?.startsWith('synthetic-'), row['Requested Output Tokens']]).toEqual([true, '128']);
					// OpenAI-style bodies carry ignore_eos, so the server runs to 128; Anthropic's API has no such field.
					if (row['Endpoint']?.startsWith('openai')) expect(row['Output Tokens']).toBe('128');
					else expect(Number(row['Output Tokens'])).toBeLessThanOrEqual(6);
				}
				expect([...pane.seen, capture(pane, true)].join('\n')).not.toContain('SECRET');
			} finally {
				await server.close();
			}
		},
	);
});

describe.skipIf(!hasTmux)('Setup in a real terminal, with servers that do not answer as hoped (80×24)', () => {
	it(
		'adds URLs typed and confirmed in one send-keys each, says why a model list failed (refused, HTML) and offers the default, and Esc back keeps them ticked',
		{timeout: 120_000},
		async () => {
			const {startMock} = await import('../../source/mock/server.js');
			const {closedPortUrl, listenOnLoopback} = await import('../helpers/ports.js');
			const {createServer} = await import('node:http');
			const good = await startMock({ttftMs: 5, tokenDelayMs: 1, minTokens: 3, maxTokens: 3});
			const page = createServer((_request, response) => {
				response.writeHead(200, {'content-type': 'text/html'});
				response.end('<!DOCTYPE html>\n<html><head><title>Sign in</title></head><body>Sign in to continue</body></html>');
			});
			const htmlUrl = await listenOnLoopback(page);
			const closed = await closedPortUrl();
			try {
				const pane = launch(['--stream', '-n', '20', '-c', '2', '--no-unique-prefix']);
				await waitForPane(pane, /What to measure/);
				/** Moves the cursor with `key` until `where` is under it, each move waited for on screen. */
				const moveTo = async (key: string, where: RegExp) => {
					for (let moves = 0; moves < 8 && !where.test(plainText(capture(pane))); moves++) {
						const before = plainText(capture(pane));
						tmux('send-keys', '-t', pane.name, key);
						await waitForPane(
							pane,
							when((screen) => screen !== before),
						);
					}
				};

				const add = async (url: string) => {
					// To "add a URL…", the last line of the list.
					await moveTo('Down', /› {5}add a URL…/);
					await send(pane, 'Enter', /URL: /);
					// The URL and its Enter in one send-keys, as a paste or a slow link delivers them.
					tmux('send-keys', '-t', pane.name, `${url}/v1`, 'Enter');
					await waitForPane(pane, new RegExp(`\\[x\\] OpenAI-compatible +${url.replaceAll('.', '\\.')}/v1`));
				};

				for (const url of [closed, htmlUrl, good.url]) await add(url);
				// The mock off: only the three typed.
				await moveTo('Up', /› \[x\] built-in mock/);
				await send(pane, 'Space', /› \[ \] built-in mock/);
				await send(pane, 'Enter', /Model for openai direct/);
				const refused = await waitForPane(pane, /could not list models: connect ECONNREFUSED/);
				expect(refused).toMatch(/› gpt-4o-mini/);
				// Esc: back to the targets, each URL still ticked.
				const back = await send(pane, 'Escape', /What to measure/).then(() => plainText(capture(pane)));
				for (const url of [closed, htmlUrl, good.url]) expect(back).toContain(`[x] OpenAI-compatible  ${url}/v1`);
				await send(pane, 'Enter', /could not list models: connect ECONNREFUSED/);
				await send(pane, 'Enter', /could not list models: not a model list: got text\/html: <!DOCTYPE html> <html>/);
				// The good server lists its models (the HTML one listed none).
				await send(pane, 'Enter', /[1-9]\d* listed by the server/);
				await send(pane, 'Enter', /in flight|gatebench results/);

				const results = await waitForPane(pane, /gatebench results/);
				expect(results).toMatch(/20\/20/);
				await send(pane, 'q', /GATEBENCH_EXIT=0/);
				expect(plainText(capture(pane, true))).not.toMatch(/at listModels|TypeError|Error: /);
			} finally {
				page.close();
				await good.close();
			}
		},
	);
});

describe.skipIf(!hasTmux)('one verdict on screen and in the scrollback (80×24, in colour)', () => {
	it('colours the results table’s P50 best and worst exactly where the summary printed on exit does, and never the average', {timeout: 120_000}, async () => {
		const {startMock} = await import('../../source/mock/server.js');
		const {colourAt} = await import('../helpers/ink.js');
		const [fast, slow] = await Promise.all([20, 80].map(async (ttftMs) => startMock({ttftMs, tokenDelayMs: 1, minTokens: 3, maxTokens: 3})));
		try {
			const launched = launch([
				'--openai',
				`${fast!.url}/v1`,
				'--openai',
				`${slow!.url}/v1`,
				'--model',
				'm',
				'--stream',
				'-n',
				'60',
				'-c',
				'2',
				'--no-unique-prefix',
			]);
			const pane = {...launched, escapes: true};
			// The table's rows: the endpoint, its figures, and its successes out of 60 (TTFT P50 after them when
			// 80 columns have room for it: the figures' widths decide).
			const rowsOf = (screen: string) => screen.split('\n').filter((line) => /^(?:[› ] ?)?openai.*\s\d+\/60(?:\s|$)/.test(plainText(line)));
			await waitForPane(
				pane,
				when((screen) => /gatebench results/.test(screen) && rowsOf(screen).length === 2),
			);
			const cellColours = (screen: string) =>
				rowsOf(screen).map((line) => {
					const cells = plainText(line)
						.trim()
						.split(/\s{2,}/);
					// Endpoint, Avg, P50, …: the P50 and the average of each row, with the colour each is drawn in.
					return {p50: colourAt(line, ` ${cells[2] ?? '?'} `.trim()), avg: colourAt(line, cells[1] ?? '?')};
				});
			const onScreen = cellColours(capture(pane));
			expect(onScreen).toHaveLength(2);
			// 60 ms apart: clearly, the first is best (green) and the second worst (red); the averages are never coloured.
			expect(onScreen.map((row) => row.p50)).toEqual([32, 31]);
			expect(onScreen.map((row) => row.avg)).toEqual([undefined, undefined]);
			await send(pane, 'q', /GATEBENCH_EXIT=0/);
			const printed = capture(pane, true);
			// The table printed on exit: from its header to the first blank line.
			const after = printed.slice(printed.lastIndexOf('Endpoint')).split('\n');
			const table = after
				.slice(
					0,
					after.findIndex((line) => plainText(line).trim() === ''),
				)
				.join('\n');
			expect(cellColours(table).map((row) => row.p50)).toEqual([32, 31]);
			// And the verdict printed beside it, pair by pair (its line may wrap at 80 columns).
			expect(plainText(printed)).toMatch(/latency {5}p50 \+\d+\.\d ms \[\+[\d.]+, \+[\d.]+\]/);
			expect(plainText(printed).replaceAll('\n', '')).toMatch(/slower in \d+\/60 pairs/);
		} finally {
			await Promise.all([fast?.close(), slow?.close()]);
		}
	});
});
