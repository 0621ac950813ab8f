import {formatWitness} from './format-witness.js';
import {htmlToStdout, unwritable, writeFileAtomic} from '../output/files.js';
import {comparisonTable, errorSection} from '../output/table.js';
import {type ComparedRuns, compareRuns} from './compared-runs.js';
import {formatComparison} from './format-comparison.js';
import {mergedRunJson} from './merged-json.js';
import {readRunFile} from './run-file.js';
import type {RunFile} from './run-types.js';

export type TextOut = {write(text: string): unknown};

export type ReportOptions = {
	/** Merge same-named endpoints of every file into one (several machines, one endpoint). */
	readonly merge: boolean;
	/** With `merge`: write the merged run here (`-`: stdout, the table then goes to stderr). */
	readonly json?: string;
	/** Write the runs as an HTML page here, drawn by `render` (loaded by the caller only when asked for). */
	readonly html?: {
		readonly path: string;
		readonly render: (runs: readonly RunFile[], options: {readonly merge: boolean; readonly compared: ComparedRuns}) => string;
	};
	/** Replace an existing `json` or `html` file instead of refusing. */
	readonly overwrite?: boolean;
	readonly colour: boolean;
	readonly stdout: TextOut;
	readonly stderr: TextOut;
};

export type ReportExitCode = 0 | 2;

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
function summary({stats, judged, comparison}: ComparedRuns, colour: boolean): string {
	// Best and worst coloured only where the difference is clear, as at the end of a run.
	const parts = [comparisonTable(stats, colour, undefined, judged)];
	const errors = errorSection(stats);
	if (errors) parts.push(errors);
	const against = formatComparison(comparison, colour);
	if (against) parts.push(`\n${against}`);
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
	if (options.html?.path === '-') return fail(htmlToStdout);
	const htmlProblem = options.html && unwritable(options.html.path, options.overwrite ?? false);
	if (htmlProblem) return fail(`--html ${options.html?.path}: ${htmlProblem}`);
	const runs = readAll(files);
	if (typeof runs === 'string') return fail(runs);
	const compared = compareRuns(runs, options.merge);
	if (options.html) {
		try {
			writeFileAtomic(options.html.path, options.html.render(runs, {merge: options.merge, compared}));
		} catch (error) {
			return fail(`--html ${options.html.path}: ${(error as Error).message.split('\n')[0] ?? ''}`);
		}

		options.stderr.write(`saved ${options.html.path}\n`);
	}
	const {merged} = compared;
	if (!merged) {
		const [only] = runs;
		const upstream =
			runs.length === 1 && only?.witness
				? formatWitness(
						compared.stats.map((stats) => stats.info.name),
						only.witness,
					)
				: '';
		options.stdout.write(summary(compared, options.colour) + (upstream ? `\n${upstream}` : ''));
		return 0;
	}

	const toStdout = options.json === '-';
	const out = toStdout ? options.stderr : options.stdout;
	options.stderr.write(`gatebench report: merged ${runs.length} file(s), ${merged.machines} run(s)\n`);
	out.write(summary(compared, options.colour));
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
