import {readdirSync, statSync} from 'node:fs';
import {join} from 'node:path';
import type {FoundCompareFile} from '../plan/draft.js';
import {readCompareFile} from './compare-file.js';

/** Where Setup looks for comparison files, and the environment their `keyEnv` names are read from. */
export type Discovery = {readonly dir: string; readonly env: NodeJS.ProcessEnv};

// Anything larger is not a comparison file: not worth reading while the screen waits.
const largestFile = 1024 * 1024;

/** Comparison files in `examples/*.json` and `*.compare.json` of `dir`, by name; files that fail to read are left out. */
export function discoverCompareFiles({dir, env}: Discovery): FoundCompareFile[] {
	const candidates = [...listed(dir, 'examples', (name) => name.endsWith('.json')), ...listed(dir, '', (name) => name.endsWith('.compare.json'))];
	const found: FoundCompareFile[] = [];
	for (const path of candidates) {
		const full = join(dir, path);
		const file = (statSync(full, {throwIfNoEntry: false})?.size ?? Infinity) > largestFile ? 'gone or too large' : readCompareFile(full, env);
		if (typeof file !== 'string') found.push({path, file});
	}

	return found;
}

function listed(dir: string, folder: string, keep: (name: string) => boolean): string[] {
	try {
		return readdirSync(join(dir, folder), {withFileTypes: true})
			.filter((entry) => entry.isFile() && keep(entry.name))
			.map((entry) => (folder ? `${folder}/${entry.name}` : entry.name))
			.sort();
	} catch {
		return [];
	}
}
