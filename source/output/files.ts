import {renameSync, writeFileSync} from 'node:fs';

/** Writes a whole file at once via a temporary file and a rename, so a kill never leaves half of it. */
export function writeFileAtomic(path: string, contents: string): void {
	const temporary = `${path}.${process.pid}.tmp`;
	writeFileSync(temporary, contents);
	renameSync(temporary, path);
}
