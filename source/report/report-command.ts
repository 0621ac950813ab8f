import {existsSync, statSync} from 'node:fs';
import {dirname, resolve} from 'node:path';
import {writeFileAtomic} from '../output/files.js';
import {comparisonTable, errorLines} from '../output/table.js';
import type {EndpointStats} from '../stats/endpoint-stats.js';
import {compareToBaseline} from './bootstrap.js';
import {formatComparison} from './format-comparison.js';
import {judgeRanks} from './judge-ranks.js';
import {mergeRuns} from './merge.js';
import {mergedRunJson} from './merged-json.js';
import {mulberry32} from '../engine/random.js';
import {labelledEndpoints} from './report-labels.js';
import {readRunFile} from './run-file.js';
import type {RunEndpoint, RunFile} from './run-types.js';
import {endpointStatsOf} from './stats-of.js';

export type TextOut = {write(text: string): unknown};

export type ReportOptions = {
	/** Merge same-named endpoints of every file into one (several machines, one endpoint). */
	readonly merge: boolean;
	/** With `merge`: write the merged run here (`-`: stdout, the table then goes to stderr). */
	readonly json?: string;
	/** Write the runs as an HTML page here, drawn by `render` (loaded by the caller only when asked for). */
	readonly html?: {readonly path: string; readonly render: (runs: readonly RunFile[], options: {readonly merge: boolean}) => string};
	/** Replace an existing `json` or `html` file instead of refusing. */
	readonly overwrite?: boolean;
	readonly colour: boolean;
	readonly stdout: TextOut;
	readonly stderr: TextOut;
};

export type ReportExitCode = 0 | 2;

/** Fixed, so that reporting the same files twice prints the same intervals. */
const bootstrapSeed = 0x5eed;

function unwritable(path: string, overwrite: boolean): string | undefined {
	const full = resolve(path);
	if (existsSync(full) && statSync(full).isDirectory()) return 'is a directory';
	if (existsSync(full) && !overwrite) return 'already exists (pass --overwrite to replace it)';
	if (!existsSync(dirname(full))) return `folder ${dirname(full)} does not exist`;
	return undefined;
}

function readAll(files: readonly string[]): RunFile[] | string {
	const runs: RunFile[] = [];
	for (const file of files) {
		const run = readRunFile(file);
		if (typeof run === 'string') return run;
		runs.push(run);
	}

	return runs;
}

/** The table, the error counts, and every endpoint against the first with bootstrap intervals. */
function summary(stats: readonly EndpointStats[], endpoints: readonly RunEndpoint[], colour: boolean): string {
	// Best and worst coloured only where the difference is clear, as at the end of a run.
	const judged = judgeRanks(stats, (index, metric) => endpoints[index]?.metrics[metric]?.histogram, {random: mulberry32(bootstrapSeed), iterations: 400});
	const parts = [comparisonTable(stats, colour, undefined, judged)];
	const errors = errorLines(stats);
	if (errors) parts.push(`\nErrors:\n${errors}\n`);
	const compared = endpoints.map((endpoint, index) => ({
		name: stats[index]?.info.name ?? endpoint.info.name,
		latency: endpoint.metrics.latency?.histogram,
		ttft: endpoint.metrics.ttft?.histogram,
	}));
	const comparison = formatComparison(compareToBaseline(compared, {random: mulberry32(bootstrapSeed)}), colour);
	if (comparison) parts.push(`\n${comparison}`);
	return parts.join('');
}

/**
 * `gatebench report [--merge] [--json FILE] FILES...`: runs saved with `--json`, side by side
 * (or merged), compared with the first endpoint. Bad input: one line on stderr, exit 2.
 */
export function runReportCommand(files: readonly string[], options: ReportOptions): ReportExitCode {
	const fail = (message: string): ReportExitCode => {
		options.stderr.write(`gatebench report: ${message}\n`);
		return 2;
	};

	if (files.length === 0) return fail('no run files given (write them with --json)');
	if (options.json !== undefined && !options.merge) return fail('--json writes the merged run: add --merge');
	const problem = options.json === undefined || options.json === '-' ? undefined : unwritable(options.json, options.overwrite ?? false);
	if (problem) return fail(`--json ${options.json}: ${problem}`);
	if (options.html?.path === '-') return fail('--html -: the page is written to a file; give its name (e.g. --html report.html)');
	const htmlProblem = options.html && unwritable(options.html.path, options.overwrite ?? false);
	if (htmlProblem) return fail(`--html ${options.html?.path}: ${htmlProblem}`);
	const runs = readAll(files);
	if (typeof runs === 'string') return fail(runs);
	if (options.html) {
		try {
			writeFileAtomic(options.html.path, options.html.render(runs, {merge: options.merge}));
		} catch (error) {
			return fail(`--html ${options.html.path}: ${(error as Error).message.split('\n')[0] ?? ''}`);
		}

		options.stderr.write(`saved ${options.html.path}\n`);
	}
	if (!options.merge) {
		const labelled = labelledEndpoints(runs);
		const stats = labelled.map(({endpoint, name}, index) => endpointStatsOf(index, endpoint, name));
		options.stdout.write(
			summary(
				stats,
				labelled.map(({endpoint}) => endpoint),
				options.colour,
			),
		);
		return 0;
	}

	const merged = mergeRuns(runs);
	const toStdout = options.json === '-';
	const out = toStdout ? options.stderr : options.stdout;
	options.stderr.write(`gatebench report: merged ${runs.length} file(s), ${merged.machines} run(s)\n`);
	out.write(summary(merged.stats, merged.endpoints, options.colour));
	if (options.json === undefined) return 0;
	const json = `${JSON.stringify(mergedRunJson(merged), null, 2)}\n`;
	if (toStdout) options.stdout.write(json);
	else {
		try {
			writeFileAtomic(options.json, json);
		} catch (error) {
			return fail(`--json ${options.json}: ${(error as Error).message.split('\n')[0] ?? ''}`);
		}

		options.stderr.write(`saved ${options.json}\n`);
	}

	return 0;
}
