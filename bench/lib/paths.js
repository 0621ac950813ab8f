import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';

export const benchDir = dirname(dirname(fileURLToPath(import.meta.url)));
export const repoDir = dirname(benchDir);
/** The gatebench entry every run uses; run.js may point it at a snapshot of dist/ (see snapshotDist). */
export let gatebenchBin = join(repoDir, 'bin', 'gatebench.js');
/** @param {string} path */
export function useGatebenchEntry(path) {
	gatebenchBin = path;
}
export const resultsDir = join(benchDir, 'results');
