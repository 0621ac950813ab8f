// Real gateways for the overhead section, found on this machine: nginx (Debian's nginx-light, as
// .ci/run installs it) set up for streaming, and Portkey's gateway from node_modules (a development
// dependency). Each in the foreground in a folder of its own, stopped with the section.
import {existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import {tmpdir} from 'node:os';
import {dirname, join} from 'node:path';
import {connect} from 'node:net';
import {freePort} from './ports.js';
import {sleep, start, stop} from './procs.js';

/** @typedef {{name: string, url: string, headers: Record<string, string>, close: () => Promise<void>}} Gateway */

/** @param {number} port @returns {Promise<boolean>} */
const accepts = (port) =>
	new Promise((resolve) => {
		const socket = connect(port, '127.0.0.1');
		socket.once('connect', () => {
			socket.destroy();
			resolve(true);
		});
		socket.once('error', () => resolve(false));
	});

/** @param {number} port @param {import('node:child_process').ChildProcess} child */
async function listening(port, child) {
	for (let tries = 0; tries < 300; tries++) {
		if (child.exitCode !== null) throw new Error(`exited (${child.exitCode}) before listening`);
		if (await accepts(port)) return;
		await sleep(20);
	}

	throw new Error('not listening after 6 s');
}

/** Where nginx is, if installed. */
const nginxPath = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((path) => existsSync(path));

/** Portkey's server script, if installed. @type {string | undefined} */
const portkeyScript = (() => {
	try {
		return join(dirname(createRequire(import.meta.url).resolve('@portkey-ai/gateway/package.json')), 'build', 'start-server.js');
	} catch {
		return undefined;
	}
})();

/**
 * nginx set up for streaming (HTTP/1.1 kept alive, nothing buffered) in front of `upstream` (origin).
 * @param {string} upstream @returns {Promise<Gateway | string>} the gateway, or why not
 */
export async function startNginx(upstream) {
	if (!nginxPath) return 'nginx is not installed: sudo apt-get install -y nginx-light';
	const dir = mkdtempSync(join(tmpdir(), 'gatebench-bench-nginx-'));
	const port = await freePort();
	const temps = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((kind) => {
		mkdirSync(join(dir, kind));
		return `${kind}_temp_path ${join(dir, kind)};`;
	});
	const location = 'proxy_http_version 1.1; proxy_set_header Connection ""; proxy_buffering off;';
	const conf = `daemon off; master_process off; pid ${join(dir, 'nginx.pid')}; events { worker_connections 1024; }
http { access_log off; ${temps.join(' ')} server { listen 127.0.0.1:${port}; location / { proxy_pass ${upstream}; ${location} } } }`;
	writeFileSync(join(dir, 'nginx.conf'), conf);
	const child = start([nginxPath, '-p', dir, '-e', join(dir, 'error.log'), '-c', join(dir, 'nginx.conf')]);
	await listening(port, child);
	return {
		name: 'nginx (streaming)',
		url: `http://127.0.0.1:${port}`,
		headers: {},
		close: async () => (await stop(child), rmSync(dir, {recursive: true, force: true})),
	};
}

/**
 * Portkey's gateway, forwarding to `upstream` (…/v1) as each request's headers say.
 * @param {string} upstream @returns {Promise<Gateway | string>}
 */
export async function startPortkey(upstream) {
	if (!portkeyScript) return '@portkey-ai/gateway is not installed: npm ci';
	const port = await freePort();
	const child = start([process.execPath, portkeyScript, `--port=${port}`, '--headless']);
	await listening(port, child);
	const headers = {'x-portkey-provider': 'openai', 'x-portkey-custom-host': upstream};
	return {name: 'Portkey', url: `http://127.0.0.1:${port}`, headers, close: () => stop(child)};
}
