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
 * The layers as docs/architecture.md writes them, highest first: `cli → ui | headless → sweep → …`.
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

/**
 * Import cycles among the files of one folder, as lists of files (each a strongly connected set of
 * two or more, Tarjan's algorithm). A cycle means a shared piece lives in a file that uses the others.
 */
export function importCycles(edges: readonly ImportEdge[]): string[][] {
	const next = new Map<string, Set<string>>();
	for (const {from, to} of edges) {
		const target = to.replace(/\.js$/, '');
		const source = from.replace(/\.tsx?$/, '');
		if (dirname(source) !== dirname(target)) continue;
		if (!next.has(source)) next.set(source, new Set());
		next.get(source)?.add(target);
	}

	const index = new Map<string, number>();
	const low = new Map<string, number>();
	const stack: string[] = [];
	const onStack = new Set<string>();
	const cycles: string[][] = [];
	const visit = (node: string) => {
		index.set(node, index.size);
		low.set(node, index.get(node) ?? 0);
		stack.push(node);
		onStack.add(node);
		for (const target of next.get(node) ?? []) {
			if (!index.has(target)) {
				visit(target);
				low.set(node, Math.min(low.get(node) ?? 0, low.get(target) ?? 0));
			} else if (onStack.has(target)) low.set(node, Math.min(low.get(node) ?? 0, index.get(target) ?? 0));
		}

		if (low.get(node) !== index.get(node)) return;
		const members: string[] = [];
		for (let member = stack.pop(); member !== undefined; member = member === node ? undefined : stack.pop()) {
			onStack.delete(member);
			members.push(member);
		}

		if (members.length > 1) cycles.push(members.sort());
	};

	for (const node of [...next.keys()].sort()) if (!index.has(node)) visit(node);
	return cycles;
}
