import {readdirSync, readFileSync} from 'node:fs';
import {dirname, join, relative, resolve, sep} from 'node:path';

/** One relative import in a source file: who imports, what it names, and the file it reaches. */
export type ImportEdge = {readonly from: string; readonly specifier: string; readonly to: string};

// Static imports and re-exports (type-only ones too), side-effect imports, dynamic import(),
// and worker scripts (`new URL('worker.js', import.meta.url)`): every way one file can reach another.
const patterns = [/\bfrom\s+'([^']+)'/g, /\bimport\s+'([^']+)'/g, /\bimport\(\s*'([^']+)'\s*\)/g, /\bnew URL\(\s*'([^']+)',\s*import\.meta\.url\s*\)/g];

export const sourceFilesUnder = (root: string): string[] =>
	readdirSync(root, {withFileTypes: true, recursive: true})
		.filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name))
		.map((entry) => join(entry.parentPath, entry.name));

/** Every import of a file in `root` that names another file by a relative path, as paths relative to `root`. */
export function relativeImports(root: string): ImportEdge[] {
	const edges: ImportEdge[] = [];
	for (const file of sourceFilesUnder(root)) {
		const text = readFileSync(file, 'utf8');
		for (const pattern of patterns) {
			for (const [, specifier = ''] of text.matchAll(pattern)) {
				if (!specifier.startsWith('.')) continue;
				edges.push({from: relative(root, file), specifier, to: relative(root, resolve(dirname(file), specifier))});
			}
		}
	}

	return edges;
}

/** Every bare (package) import of the files in `root`. */
export function packageImports(root: string): Array<{readonly from: string; readonly name: string}> {
	const found: Array<{readonly from: string; readonly name: string}> = [];
	for (const file of sourceFilesUnder(root)) {
		const text = readFileSync(file, 'utf8');
		for (const pattern of patterns.slice(0, 3)) {
			for (const [, name = ''] of text.matchAll(pattern)) if (!name.startsWith('.')) found.push({from: relative(root, file), name});
		}
	}

	return found;
}

/** The top folder of a path relative to `source/`, or the file itself when it sits at the root. */
export const folderOf = (path: string): string => path.split(sep)[0] ?? path;

/**
 * The layers as the readme writes them, highest first: `cli → ui | headless → session → …`.
 * Folders joined by `|` share a layer and may not import each other.
 */
export function parseLayers(line: string): string[][] {
	return line.split('→').map((layer) => layer.split('|').map((name) => name.trim().replace(/\/$/, '')));
}

export type Rules = {
	readonly layers: readonly string[][];
	/** Folders outside the layers: what each may import, and which folders may import it. */
	readonly apart: Readonly<Record<string, {readonly imports: readonly string[]; readonly importedBy: readonly string[]}>>;
	/** Files at the root (the entry point), which may import anything. */
	readonly entries: readonly string[];
};

/** Every import that goes against the rules, as `file → specifier (why)`. */
export function violations(edges: readonly ImportEdge[], rules: Rules): string[] {
	const rank = new Map<string, number>();
	for (const [index, layer] of rules.layers.entries()) for (const folder of layer) rank.set(folder, index);
	const problems: string[] = [];
	for (const edge of edges) {
		const from = folderOf(edge.from);
		const to = folderOf(edge.to);
		const where = `${edge.from} → ${edge.specifier}`;
		if (to.startsWith('..')) problems.push(`${where} (outside source/)`);
		if (from === to || rules.entries.includes(edge.from)) continue;
		if (rules.entries.includes(edge.to)) problems.push(`${where} (the entry point is imported by nothing)`);
		else if (rules.apart[from]) {
			if (!rules.apart[from].imports.includes(to)) problems.push(`${where} (${from}/ imports only ${rules.apart[from].imports.join(', ') || 'itself'})`);
		} else if (rules.apart[to]) {
			if (!rules.apart[to].importedBy.includes(from)) problems.push(`${where} (only ${rules.apart[to].importedBy.join(', ')} import ${to}/)`);
		} else {
			const fromRank = rank.get(from);
			const toRank = rank.get(to);
			if (fromRank === undefined || toRank === undefined) problems.push(`${where} (a folder with no place in the order)`);
			else if (fromRank >= toRank) problems.push(`${where} (${from}/ is not above ${to}/)`);
		}
	}

	return problems;
}
