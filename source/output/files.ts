import {existsSync, renameSync, statSync, writeFileSync} from 'node:fs';
import {dirname, resolve} from 'node:path';

/** Whether `path` is there and is neither a regular file nor a folder: a device, a pipe, a socket. */
const isSpecialFile = (path: string): boolean => {
	const stats = existsSync(path) ? statSync(path) : undefined;
	return stats !== undefined && !stats.isFile() && !stats.isDirectory();
};

/** Writes a whole file at once via a temporary file and a rename, so a kill never leaves half of it. */
export function writeFileAtomic(path: string, contents: string): void {
	// A device or a pipe (/dev/null, /dev/stdout, a FIFO) is written to, never replaced by a file.
	if (isSpecialFile(path)) return writeFileSync(path, contents);
	const temporary = `${path}.${process.pid}.tmp`;
	writeFileSync(temporary, contents);
	renameSync(temporary, path);
}

/** How a saved file is named to the reader: the HTML report says what it is for. */
export const savedLine = (path: string, report: string | undefined): string =>
	path === report ? `saved ${path} (the report: open it in a browser)` : `saved ${path}`;

/** Why a file cannot be written, found before the run (or report) starts rather than after it. */
export function unwritable(path: string, overwrite: boolean): string | undefined {
	const full = resolve(path);
	if (existsSync(full) && statSync(full).isDirectory()) return 'is a directory';
	// Results of another run are not silently replaced; a device or a pipe (/dev/null) holds none.
	if (existsSync(full) && !overwrite && !isSpecialFile(full)) return 'already exists (pass --overwrite to replace it)';
	const folder = dirname(full);
	if (!existsSync(folder)) return `folder ${folder} does not exist`;
	if (!statSync(folder).isDirectory()) return `${folder} is not a folder`;
	return undefined;
}

/** `--html -` refused, by a run and by `gatebench report` alike. */
export const htmlToStdout = '--html -: the page is written to a file; give its name (e.g. --html report.html)';
