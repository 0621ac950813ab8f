import {renameSync, writeFileSync} from 'node:fs';

/** Writes a whole file at once via a temporary file and a rename, so a kill never leaves half of it. */
export function writeFileAtomic(path: string, contents: string): void {
	const temporary = `${path}.${process.pid}.tmp`;
	writeFileSync(temporary, contents);
	renameSync(temporary, path);
}

/** How a saved file is named to the reader: the HTML report says what it is for. */
export const savedLine = (path: string, report: string | undefined): string =>
	path === report ? `saved ${path} (the report: open it in a browser)` : `saved ${path}`;
