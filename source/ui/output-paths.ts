import {existsSync} from 'node:fs';
import {join} from 'node:path';
import type {OutputPaths} from '../plan/draft.js';

/** Where the console saves results that no flag placed. */
export const resultsFolder = 'gatebench-results';

/** UTC, sortable and safe in file names: 20261124T103000Z. */
export const resultStamp = (date: Date): string =>
	date
		.toISOString()
		.replace(/\.\d{3}Z$/, 'Z')
		.replaceAll(/[-:]/g, '');

export type ConsoleOutputs = OutputPaths & {readonly csv: string; readonly requestCsv: string};

/**
 * The console always saves both CSV files: where `--csv`/`--request-csv` say, else in
 * ./gatebench-results/ named by the start time. Decided before the run, because the request
 * CSV is written as requests complete. Never replaces the files of an earlier run.
 */
export function consoleOutputs(outputs: OutputPaths, date: Date, exists: (path: string) => boolean = existsSync): ConsoleOutputs {
	const stamp = resultStamp(date);
	const paths = (suffix: string) => ({
		csv: outputs.csv ?? join(resultsFolder, `${stamp}${suffix}-aggregate.csv`),
		requestCsv: outputs.requestCsv ?? join(resultsFolder, `${stamp}${suffix}-requests.csv`),
	});
	let chosen = paths('');
	for (let attempt = 2; (!outputs.csv && exists(chosen.csv)) || (!outputs.requestCsv && exists(chosen.requestCsv)); attempt++) {
		chosen = paths(`-${attempt}`);
	}

	return {...outputs, ...chosen};
}

/** True when a default path is used, so the folder has to be made. */
export const needsResultsFolder = (outputs: OutputPaths): boolean => !outputs.csv || !outputs.requestCsv;
