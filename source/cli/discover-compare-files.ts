import {readdirSync, readFileSync, statSync} from 'node:fs';
import {join} from 'node:path';
import type {FoundCompareFile, FoundPromptFile} from '../plan/draft.js';
import {parsePrompts} from '../plan/prompts.js';
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

/** Prompt files are read whole before Setup shows them; a larger one is for `--prompts`. */
const largestPromptFile = 64 * 1024 * 1024;
/** What a prompt file is called: `*.jsonl`, `prompts*.txt` or `.json`, `*sharegpt*.json`. */
const promptFileName = (name: string) => /\.jsonl$/i.test(name) || /^prompts.*\.(?:txt|json)$/i.test(name) || /sharegpt.*\.json$/i.test(name);

/** Prompt files in `dir` that read as a prompt set, by name, five at most; the others are left out. */
export function discoverPromptFiles({dir}: Pick<Discovery, 'dir'>): FoundPromptFile[] {
	const found: FoundPromptFile[] = [];
	for (const path of listed(dir, '', promptFileName)) {
		const full = join(dir, path);
		if ((statSync(full, {throwIfNoEntry: false})?.size ?? Infinity) > largestPromptFile) continue;
		const set = parsePrompts(path, readFileSync(full, 'utf8'));
		if (typeof set !== 'string') found.push({path, set});
		if (found.length === 5) break;
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
