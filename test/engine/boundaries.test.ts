import {mkdirSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import {basename, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';
import {
	type ImportEdge,
	folderOf,
	importCycles,
	packageImports,
	parseLayers,
	relativeImports,
	type Rules,
	sourceFilesUnder,
	violations,
} from '../helpers/imports.js';
import {tempDirPerTest} from '../helpers/temp.js';

const source = fileURLToPath(new URL('../../source', import.meta.url));
const architecture = readFileSync(fileURLToPath(new URL('../../docs/architecture.md', import.meta.url)), 'utf8');

/** The order as the code map in docs/architecture.md writes it: the test holds the tree to the documentation. */
const orderLine = architecture.split('\n').find((line) => /^\s*cli → /.test(line));
const rules: Rules = {
	layers: parseLayers(orderLine ?? ''),
	// The mock is its own world: it shares no code with the client it serves, but the engine's seeded random.
	apart: {mock: {imports: ['engine'], importedBy: ['cli', 'session']}},
	entries: ['cli.ts'],
};

describe('folders depend one way', () => {
	const edges = relativeImports(source);

	it('docs/architecture.md names the order, and every folder of source/ has a place in it', () => {
		expect(orderLine, 'a line "cli → … " in docs/architecture.md').toBeDefined();
		const named = [...rules.layers.flat(), ...Object.keys(rules.apart)].sort();
		const folders = readdirSync(source, {withFileTypes: true})
			.filter((entry) => entry.isDirectory())
			.map((entry) => entry.name)
			.sort();
		expect(folders).toEqual(named);
	});

	it('source/ holds only the entry point', () => {
		const loose = readdirSync(source, {withFileTypes: true}).filter((entry) => entry.isFile());
		expect(loose.map((entry) => entry.name)).toEqual(rules.entries);
	});

	it('no folder imports a higher one (static, type-only and dynamic imports alike)', () => {
		// The scan sees the tree's imports: hundreds of them, including the lazy ones of the command line (cli/main.ts).
		expect(edges.length).toBeGreaterThan(300);
		expect(edges.some((edge) => edge.from === 'cli/main.ts' && edge.to.startsWith('ui'))).toBe(true);
		expect(violations(edges, rules)).toEqual([]);
	});

	it('no files of one folder import each other round in a cycle (shared types live in a file of their own)', () => {
		expect(importCycles(edges)).toEqual([]);
	});

	it('no two source files share a name', () => {
		const names = sourceFilesUnder(source).map((file) => basename(file));
		expect(names.filter((name, index) => names.indexOf(name) !== index)).toEqual([]);
	});

	it('only ui/ imports Ink or React', () => {
		const ui = packageImports(source).filter(({from, name}) => folderOf(from) !== 'ui' && /^(ink|react)(\/|$|-)/.test(name));
		expect(ui).toEqual([]);
	});
});

describe('the boundary check', () => {
	const dir = tempDirPerTest();
	const plant = (files: Readonly<Record<string, string>>): ImportEdge[] => {
		const root = dir();
		for (const [path, text] of Object.entries(files)) {
			mkdirSync(join(root, path, '..'), {recursive: true});
			writeFileSync(join(root, path), text);
		}

		return relativeImports(root);
	};

	it('flags a back-edge however it is written, and passes the same imports the right way round', () => {
		const planted = plant({
			'cli.ts': "await import('./ui/app.js');",
			'ui/app.ts': "import {plan} from '../plan/run.js';",
			'plan/run.ts': "import type {App} from '../ui/app.js';\nexport const later = () => import('../stats/x.js');",
			'stats/x.ts': "export {y} from '../session/y.js';",
			'session/y.ts': "const worker = new URL('../ui/app.js', import.meta.url);",
			'mock/server.ts': "import {sample} from '../engine/x.js';\nimport {stats} from '../stats/x.js';",
			'engine/x.ts': "import {server} from '../mock/server.js';",
		});
		expect(violations(planted, rules).sort()).toEqual([
			'engine/x.ts → ../mock/server.js (only cli, session import mock/)',
			'mock/server.ts → ../stats/x.js (mock/ imports only engine)',
			'plan/run.ts → ../stats/x.js (plan/ is not above stats/)',
			'plan/run.ts → ../ui/app.js (plan/ is not above ui/)',
			'session/y.ts → ../ui/app.js (session/ is not above ui/)',
			'stats/x.ts → ../session/y.js (stats/ is not above session/)',
		]);
	});

	it('finds a cycle within a folder however long, and not a chain or imports across folders', () => {
		const planted = plant({
			'ui/a.ts': "import {b} from './b.js';",
			'ui/b.ts': "import type {C} from './c.js';",
			'ui/c.ts': "export const later = () => import('./a.js');",
			'ui/d.ts': "import {a} from './a.js';",
			'stats/x.ts': "import {y} from './y.js';",
			'stats/y.ts': "import {z} from '../plan/z.js';",
			'plan/z.ts': "import {x} from '../stats/x.js';",
		});
		expect(importCycles(planted)).toEqual([['ui/a', 'ui/b', 'ui/c']]);
	});

	it('keeps folders of one layer apart', () => {
		expect(violations(plant({'ui/a.ts': "import {x} from '../headless/b.js';"}), rules)).toEqual(['ui/a.ts → ../headless/b.js (ui/ is not above headless/)']);
	});
});
