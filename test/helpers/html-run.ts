import {writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {fastMock, runCli} from './cli.js';

export const hostileName = '<img src=x onerror=alert(1)>';

export type EndpointJson = {
	name: string;
	histograms: Record<string, string>;
	latencyMs: Record<string, number>;
	ttftMs: Record<string, number> | null;
	errors: Record<string, number>;
};

/** A two-endpoint streamed comparison against the mock, one endpoint named with markup, some requests failing. */
export async function comparisonRun(dir: string, extra: string[] = []) {
	const compare = join(dir, 'compare.json');
	writeFileSync(
		compare,
		JSON.stringify({
			endpoints: [
				{name: hostileName, kind: 'anthropic', url: 'mock', stream: true},
				{name: 'openai "quoted" & <b>bold</b>', kind: 'openai-compatible', url: 'mock', stream: true},
			],
		}),
	);
	const json = join(dir, 'run.json');
	const html = join(dir, 'report.html');
	const result = await runCli([
		'--no-tui',
		'--compare',
		compare,
		'--requests',
		'40',
		'-c',
		'4',
		'--mock-fail-rate',
		'0.2',
		...fastMock,
		'--json',
		json,
		'--html',
		html,
		...extra,
	]);
	return {result, json, html};
}
