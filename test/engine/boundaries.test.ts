import {mkdirSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';
import {type ImportEdge, folderOf, packageImports, parseLayers, relativeImports, type Rules, violations} from '../helpers/imports.js';
import {tempDirPerTest} from '../helpers/temp.js';

const source = fileURLToPath(new URL('../../source', import.meta.url));
const readme = readFileSync(fileURLToPath(new URL('../../readme.md', import.meta.url)), 'utf8');

/** The order as the readme's code map writes it: the test holds the tree to the documentation. */
const orderLine = readme.split('\n').find((line) => /^\s*cli → /.test(line));
const rules: Rules = {
	layers: parseLayers(orderLine ?? ''),
	// The mock is its own world: it shares no code with the client it serves, but the engine's seeded random.
	apart: {mock: {imports: ['engine'], importedBy: ['cli', 'session']}},
	entries: ['cli.ts'],
};

describe('folders depend one way', () => {
	const edges = relativeImports(source);

	it('the readme names the order, and every folder of source/ has a place in it', () => {
		expect(orderLine, 'a line "cli → … " in readme.md').toBeDefined();
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
		// The scan sees the tree's imports: hundreds of them, including the lazy ones of the entry point.
		expect(edges.length).toBeGreaterThan(300);
		expect(edges.some((edge) => edge.from === 'cli.ts' && edge.to.startsWith('ui'))).toBe(true);
		expect(violations(edges, rules)).toEqual([]);
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

	it('keeps folders of one layer apart', () => {
		expect(violations(plant({'ui/a.ts': "import {x} from '../headless/b.js';"}), rules)).toEqual(['ui/a.ts → ../headless/b.js (ui/ is not above headless/)']);
	});
});
