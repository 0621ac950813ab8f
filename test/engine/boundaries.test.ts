import {readdirSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';

const source = fileURLToPath(new URL('../../source', import.meta.url));
const filesUnder = (folder: string): string[] =>
	readdirSync(join(source, folder), {withFileTypes: true, recursive: true})
		.filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name))
		.map((entry) => join(entry.parentPath, entry.name));

describe('the engine is free of UI', () => {
	it.each(['engine', 'targets', 'stats', 'transport', 'output', 'headless', 'mock', 'compare'])('%s/ imports nothing from ink, react or ui/', (folder) => {
		const files = filesUnder(folder);
		expect(files.length).toBeGreaterThan(0);
		for (const file of files) {
			const imports = [...readFileSync(file, 'utf8').matchAll(/from '([^']+)'/g)].map((match) => match[1]);
			expect(imports.filter((name) => /^(ink|react)(\/|$|-)|\/ui\//.test(name ?? '')), file).toEqual([]);
		}
	});
});
