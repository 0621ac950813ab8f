import {basename} from 'node:path';
import type {RunFile} from './run-types.js';

/** How each file is named in a table: its base name, else its path where base names repeat, else a position. */
export function fileLabels(paths: readonly string[]): string[] {
	const unique = (names: readonly string[], name: string) => names.filter((other) => other === name).length === 1;
	const bases = paths.map((path) => basename(path));
	return paths.map((path, index) => {
		const base = bases[index] ?? path;
		if (unique(bases, base)) return base;
		return unique(paths, path) ? path : `${base} #${index + 1}`;
	});
}

/** Every endpoint of every file, in order; a name found in several files gets its file's label. */
export function labelledEndpoints(runs: readonly RunFile[]) {
	const labels = fileLabels(runs.map((run) => run.path));
	const filesWith = new Map<string, number>();
	for (const run of runs) for (const name of new Set(run.endpoints.map((endpoint) => endpoint.info.name))) filesWith.set(name, (filesWith.get(name) ?? 0) + 1);
	return runs.flatMap((run, file) =>
		run.endpoints.map((endpoint) => ({
			endpoint,
			name: (filesWith.get(endpoint.info.name) ?? 0) > 1 ? `${endpoint.info.name} (${labels[file] ?? run.path})` : endpoint.info.name,
		})),
	);
}
