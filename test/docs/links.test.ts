import {existsSync, readdirSync, readFileSync} from 'node:fs';
import {dirname, join, relative} from 'node:path';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const pages = [
	'readme.md',
	...readdirSync(join(root, 'docs'))
		.filter((name) => name.endsWith('.md'))
		.map((name) => join('docs', name)),
];

/** Every relative link of a Markdown page (`[text](path)`, `![alt](path)`), outside code blocks, without its #anchor. */
function relativeLinks(text: string): string[] {
	const prose = text.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
	return [...prose.matchAll(/\]\(([^)\s]+)\)/g)]
		.map(([, target = '']) => target)
		.filter((target) => !/^[a-z]+:/i.test(target) && !target.startsWith('#'))
		.map((target) => target.replace(/#.*$/, ''));
}

describe('documentation', () => {
	it('readme.md stays a short front page: at most 300 lines, with docs/ for the rest', () => {
		const readme = readFileSync(join(root, 'readme.md'), 'utf8');
		expect(readme.split('\n').length).toBeLessThanOrEqual(300);
		for (const page of pages.slice(1)) expect(readme, `readme.md links ${page}`).toContain(`](${page})`);
	});

	it('every relative link in readme.md and docs/ resolves to a file in the repository', () => {
		const broken: string[] = [];
		let checked = 0;
		for (const page of pages) {
			for (const target of relativeLinks(readFileSync(join(root, page), 'utf8'))) {
				checked++;
				const path = join(root, dirname(page), target);
				if (!existsSync(path) || relative(root, path).startsWith('..')) broken.push(`${page} → ${target}`);
			}
		}

		expect(checked).toBeGreaterThan(20);
		expect(broken).toEqual([]);
	});

	it('the link check finds a broken link, and passes code and web addresses', () => {
		expect(relativeLinks('see [a](docs/a.md#x), ![b](b.png), [web](https://x.dev) `[c](c.md)`\n```\n[d](d.md)\n```')).toEqual(['docs/a.md', 'b.png']);
	});
});
