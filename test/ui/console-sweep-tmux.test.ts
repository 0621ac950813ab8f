import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {hasTmux, plainText, resultFiles, tmuxPanes} from '../helpers/tmux.js';

const {tmux, launch, waitForPane, send} = tmuxPanes();

/** The pane's history with wrapped lines joined (an 80-column terminal wraps the step lines). */
const scrollbackOf = (pane: {name: string}) => plainText(tmux('capture-pane', '-p', '-J', '-S', '-200', '-t', pane.name).stdout);

/**
 * Eight completion slots: TTFT 100 ms, then 30 tokens 10 ms apart (20 completions a second at most).
 * A request that waits for a slot starts ~400 ms late (TTFT ~500 ms): the SLO of 400 ms sits 300 ms
 * above a reply that got a slot, so a stalled moment of a busy machine (a step has few requests, and
 * one late TTFT decides its p95) cannot fail a load the slots serve, and 100 ms below one that waited.
 */
const eightSlots = ['--mock-slots', '8', '--mock-ttft-ms', '100', '--mock-token-delay-ms', '10', '--mock-min-tokens', '30', '--mock-max-output-tokens', '30'];
const sweep = ['--openai', 'mock', '--stream', '--sweep', 'concurrency', '--slo', 'ttft.p95<400ms', '--step', '1s', ...eightSlots];
// eslint-disable-next-line no-control-regex -- colour codes are what is looked for
const colourCode = /\u001B\[(?:[\d;]*;)?(?:3[0-8]|9[0-7])(?:;[\d;]*)?m/;

/** A finished step's row in the sweep screen's table: number, load, verdict. */
const rows = (screen: string) =>
	[...screen.matchAll(/^ +(\d+)′? +(\d+) in flight +[\d.]+ +[\d.]+ +[\d.]+ \[[\d.]+–[\d.]+\] +(pass|fail|borderline)/gm)].map((match) => [
		Number(match[1]),
		Number(match[2]),
		match[3],
	]);

describe.skipIf(!hasTmux)('the capacity search in the console', () => {
	it('draws the curves forming, a row per finished step, and the answer; q leaves it all in the scrollback', {timeout: 120_000}, async () => {
		const pane = launch([...sweep, '--json', 'sweep.json'], {size: [120, 40]});
		await waitForPane(pane, /capacity search · concurrency · ttft\.p95<400ms · 1 s a step/);
		// The current step's progress, then rows as steps finish, while the search goes on.
		await waitForPane(pane, /^step \d · \d+ in flight +[▓░]{12} +\d\/1 s · ttft p95 [\d.]+ ms · \d+ done/m);
		const running = await waitForPane(pane, /^ +2 +2 in flight .* pass/m);
		expect(running).toMatch(/^q stop the search, keep finished steps/m);
		const done = await waitForPane(pane, /done: the answer is below · q or Enter to leave/);
		expect(done).toMatch(/^ttft ms against requests in flight +requests\/s completed against requests in flight$/m);
		expect(done).toMatch(/── ttft p95 {2}── ttft p50 {2}┄┄ SLO 400\.0 ms +── req\/s {2}── goodput/);
		// Loads on the x axis, by their logarithm: 1 2 4 8 … 16, and the SLO dashed across the latency chart.
		expect(done).toMatch(/^ +1 +2 +4 +8 .*16 +1 +2 +4 +8 .*16$/m);
		expect(done).toContain('┄┄┄┄┄┄┄┄');
		// A borderline step is measured once more, and borderline twice counts as broken (the search's
		// policy): a stall of a busy machine can make one, so the path is read as the loads the search
		// settled, each with its last verdict.
		const table = rows(done);
		const settled = table.filter(([, load], index) => table[index + 1]?.[1] !== load || table[index]?.[2] !== 'borderline');
		expect(settled.slice(0, 5).map(([, load, verdict]) => [load, verdict === 'borderline' ? 'fail' : verdict])).toEqual([
			[1, 'pass'],
			[2, 'pass'],
			[4, 'pass'],
			[8, 'pass'],
			[16, 'fail'],
		]);
		const heldAt = settled[3]?.[0];
		expect(done).toMatch(new RegExp(`^capacity: 8 in flight \\(step ${heldAt}, `, 'm'));

		await send(pane, 'q', /GATEBENCH_EXIT=0/);
		const scrollback = scrollbackOf(pane);
		expect(scrollback).toMatch(new RegExp(`^step ${heldAt} {2}concurrency 8 .* → pass$`, 'm'));
		expect(scrollback).toMatch(new RegExp(`^capacity: 8 in flight \\(step ${heldAt}, .*; 9 in flight broke it; knee at \\d+ in flight$`, 'm'));
		expect(scrollback).toMatch(/^saved gatebench-results\/\d{8}T\d{6}Z-aggregate\.csv$/m);
		const json = JSON.parse(readFileSync(join(pane.dir, 'sweep.json'), 'utf8')) as {answers: Array<{load: number}>};
		expect(json.answers[0]?.load).toBe(8);
	});

	it.each(['q', 'C-c'])(
		'%s mid-search stops at once, keeps every finished step and reports the answer so far (80×24, NO_COLOR)',
		{timeout: 90_000},
		async (key) => {
			const launched = launch(sweep, {size: [80, 24], env: {NO_COLOR: '1'}});
			const pane = {...launched, escapes: true};
			const screen = await waitForPane(pane, /^ +2 +2 in flight .* pass/m);
			for (const line of screen.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
			await send(pane, key, /GATEBENCH_EXIT=130/);
			const scrollback = scrollbackOf(pane);
			const answer = /^capacity: (\d+) in flight \(step (\d+), .*\); stopped early: the answer so far/m.exec(scrollback);
			expect(answer).not.toBeNull();
			const finished = [...scrollback.matchAll(/^step (\d+) {2}concurrency/gm)].length;
			expect(finished).toBeGreaterThanOrEqual(2);
			expect(Number(answer?.[2])).toBe(finished);
			// The aggregate CSV holds a row per finished step; the request CSV, each request with its step.
			const {aggregate, requests} = resultFiles(pane.dir);
			expect(aggregate.map((row) => row['Step'])).toEqual(Array.from({length: finished}, (_, index) => String(index + 1)));
			// The step cut short is not judged, but the requests it completed stay in the request CSV under its number.
			const requestSteps = [...new Set(requests.map((row) => Number(row['Step'])))].sort((a, b) => a - b);
			expect(requestSteps.slice(0, finished)).toEqual(aggregate.map((row) => Number(row['Step'])));
			expect(requestSteps.length - finished).toBeLessThanOrEqual(1);
			for (const frame of pane.seen) expect(frame).not.toMatch(colourCode);
		},
	);
});
