import {execFile} from 'node:child_process';
import {existsSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {promisify} from 'node:util';
import {describe, expect, it} from 'vitest';
import {tempDirPerTest} from '../helpers/temp.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));
// npm's own output (notices, progress) never decides the test; the exit code and gatebench's output do.
const quiet = {...process.env, npm_config_fund: 'false', npm_config_audit: 'false', npm_config_update_notifier: 'false', CI: '1'};

type Lock = {packages: Record<string, {dev?: boolean}>};
type Manifest = {version: string; dependencies: Record<string, string>; bin: Record<string, string>; engines: Record<string, string>};

/**
 * An empty project that depends on the tarball. Its lockfile pins the tarball's dependencies to the
 * versions this repository's lockfile tests (its entries less the dev ones), so `npm ci --offline`
 * installs from npm's cache alone; a user's `npm install` resolves the same ranges from the registry.
 */
function userProject(folder: string, tarball: string): void {
	const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as Lock;
	const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Manifest;
	const resolved = `file:${tarball}`;
	const packages: Record<string, unknown> = {'': {dependencies: {gatebench: resolved}}};
	for (const [path, entry] of Object.entries(lock.packages)) if (path !== '' && !entry.dev) packages[path] = entry;
	const {version, dependencies, bin, engines} = manifest;
	packages['node_modules/gatebench'] = {version, resolved, dependencies, bin, engines};
	writeFileSync(join(folder, 'package.json'), JSON.stringify({name: 'a-user', private: true, dependencies: {gatebench: resolved}}));
	writeFileSync(join(folder, 'package-lock.json'), JSON.stringify({name: 'a-user', lockfileVersion: 3, requires: true, packages}));
}

describe('the package users install', () => {
	const dir = tempDirPerTest();

	it('npm pack makes a tarball that installs into an empty folder without dev dependencies or a build, and runs', {timeout: 180_000}, async () => {
		const packed = dir();
		// The built dist/ as npm test made it; --ignore-scripts: no rebuild under the other tests' feet.
		await run('npm', ['pack', '--ignore-scripts', '--pack-destination', packed], {cwd: root, env: quiet});
		const [tarball] = readdirSync(packed).filter((name) => name.endsWith('.tgz'));
		expect(tarball).toMatch(/^gatebench-[\d.]+\.tgz$/);
		const user = dir();
		// From npm's cache only (npm ci filled it): tests reach no network but 127.0.0.1.
		userProject(user, join(packed, tarball ?? ''));
		await run('npm', ['ci', '--offline', '--omit=dev'], {cwd: user, env: quiet});
		const installed = join(user, 'node_modules');
		expect(existsSync(join(installed, 'gatebench', 'dist', 'cli.js'))).toBe(true);
		// No source, tests or dev tools came along.
		expect(existsSync(join(installed, 'gatebench', 'source'))).toBe(false);
		expect(existsSync(join(installed, 'gatebench', 'test'))).toBe(false);
		for (const dev of ['vitest', 'typescript', 'eslint', 'ajv']) expect(existsSync(join(installed, dev)), dev).toBe(false);
		const {version} = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Manifest;

		const help = await run('npx', ['--offline', 'gatebench', '--help'], {cwd: user, env: quiet});
		expect(help.stdout).toContain('Usage: gatebench');
		// The installed command itself from here on (npx found it above), without npx's second of start-up.
		const gatebench = join(installed, '.bin', 'gatebench');
		expect((await run(gatebench, ['--version'], {cwd: user, env: quiet})).stdout.trim()).toBe(version);
		const headless = await run(gatebench, ['--no-tui', '--pipeline', 'http', '-n', '5', '--json', '-'], {cwd: user, env: quiet});
		const json = JSON.parse(headless.stdout) as {mock: boolean; endpoints: Array<{successful: number}>};
		expect(json.mock).toBe(true);
		expect(json.endpoints.length).toBeGreaterThan(0);
		for (const endpoint of json.endpoints) expect(endpoint.successful).toBe(5);
	});
});
