import {type ChildProcess, spawn, spawnSync} from 'node:child_process';
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {connect} from 'node:net';
import {tmpdir} from 'node:os';
import {dirname, join} from 'node:path';
import {createRequire} from 'node:module';
import {createServer, request as httpRequest} from 'node:http';
import {closedPortUrl, listenOnLoopback} from './ports.js';

/** A real gateway started by a test, in front of an upstream on 127.0.0.1; stopped by its own pid. */
export type RealGateway = {readonly url: string; stop(): Promise<void>};

/** Whether a Debian package's program is on this machine (`.ci/run` installs nginx-light and haproxy). */
export const installed = (program: string): boolean => spawnSync('sh', ['-c', `command -v ${program}`]).status === 0;

/** Waits until something accepts connections on the port (the gateway has bound it), or the process ends. */
async function listening(port: number, child: ChildProcess, output: () => string): Promise<void> {
	const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`exited (${code}) before listening: ${output()}`))));
	for (;;) {
		const accepted = new Promise<boolean>((resolve) => {
			const socket = connect(port, '127.0.0.1');
			socket.once('connect', () => {
				socket.destroy();
				resolve(true);
			});
			socket.once('error', () => resolve(false));
		});
		if (await Promise.race([accepted, exited])) return;
		await new Promise((resolve) => setImmediate(resolve));
	}
}

async function startProgram(
	program: string,
	args: (dir: string, port: number) => string[],
	files: (dir: string, port: number) => Record<string, string>,
	command = program,
): Promise<RealGateway> {
	const dir = mkdtempSync(join(tmpdir(), `gatebench-${program}-`));
	const port = Number(new URL(await closedPortUrl()).port);
	for (const [name, text] of Object.entries(files(dir, port))) writeFileSync(join(dir, name), text);
	const child = spawn(command, args(dir, port), {stdio: ['ignore', 'pipe', 'pipe']});
	let output = '';
	child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
	child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	try {
		await listening(port, child, () => output);
	} catch (error) {
		rmSync(dir, {recursive: true, force: true});
		throw new Error(`${program}: ${error instanceof Error ? error.message : String(error)}`);
	}

	return {
		url: `http://127.0.0.1:${port}`,
		async stop() {
			child.kill('SIGTERM');
			await exited;
			rmSync(dir, {recursive: true, force: true});
		},
	};
}

/**
 * nginx in one process (no master, no daemon) with `location` directives of the test's choosing
 * in front of `upstream`: `''` is nginx's default proxying (HTTP/1.0 upstream, buffered).
 */
export function startNginx(upstream: string, location: string): Promise<RealGateway> {
	return startProgram(
		'nginx',
		(dir) => ['-p', dir, '-e', join(dir, 'error.log'), '-c', join(dir, 'nginx.conf')],
		(dir, port) => {
			// nginx's temp folders default to /var/lib/nginx: each gets one in the test's folder.
			const temps = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((kind) => {
				mkdirSync(join(dir, kind));
				return `${kind}_temp_path ${join(dir, kind)};`;
			});
			return {
				'nginx.conf': [
					'daemon off;',
					'master_process off;',
					`pid ${join(dir, 'nginx.pid')};`,
					'events { worker_connections 1024; }',
					'http {',
					'  access_log off;',
					`  ${temps.join(' ')}`,
					`  server { listen 127.0.0.1:${port}; location / { proxy_pass ${upstream}; ${location} } }`,
					'}',
				].join('\n'),
			};
		},
	);
}

/** Portkey's gateway from npm (a development dependency), when installed: its server script. */
export const portkeyServer = (() => {
	try {
		return join(dirname(createRequire(import.meta.url).resolve('@portkey-ai/gateway/package.json')), 'build', 'start-server.js');
	} catch {
		return undefined;
	}
})();

/** Portkey's gateway on a free port, headless (no console, no log stream); it forwards to the upstream each request names. */
export function startPortkey(): Promise<RealGateway> {
	const server = portkeyServer;
	if (!server) throw new Error('@portkey-ai/gateway is not installed');
	return startProgram(
		'portkey',
		(_, port) => [server, `--port=${port}`, '--headless'],
		() => ({}),
		process.execPath,
	);
}

/** nginx as a streaming gateway should be set up: HTTP/1.1 kept alive towards the upstream, nothing buffered. */
export const nginxStreaming = 'proxy_http_version 1.1; proxy_set_header Connection ""; proxy_buffering off;';

/** HAProxy in the foreground, in HTTP mode, with `options` (e.g. `option http-no-delay`) in its defaults. */
export function startHaproxy(upstream: string, options = ''): Promise<RealGateway> {
	const {host} = new URL(upstream);
	return startProgram(
		'haproxy',
		(dir) => ['-f', join(dir, 'haproxy.cfg'), '-db'],
		(_, port) => ({
			'haproxy.cfg': [
				'defaults',
				'  mode http',
				'  timeout connect 5s',
				'  timeout client 30s',
				'  timeout server 30s',
				options ? `  ${options}` : '',
				'frontend gatebench',
				`  bind 127.0.0.1:${port}`,
				'  default_backend upstream',
				'backend upstream',
				`  server mock ${host}`,
				'',
			].join('\n'),
		}),
	);
}

/**
 * A small gateway of the test's own that changes what it forwards, as some gateways do: it lowers
 * `max_tokens` to `maxTokens` and sends each request to the upstream `attempts` times (the replies
 * of all but the last read and dropped, as a retry after a failure would), headers as they came.
 */
export async function startRewritingGateway(upstream: string, {maxTokens, attempts}: {maxTokens: number; attempts: number}): Promise<RealGateway> {
	const target = new URL(upstream);
	const server = createServer((incoming, reply) => {
		const chunks: Buffer[] = [];
		incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
		incoming.on('end', () => {
			const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
			const bytes = Buffer.from(JSON.stringify({...body, max_tokens: maxTokens}));
			const headers = {...incoming.headers, host: target.host, 'content-length': String(bytes.length)};
			const send = (left: number) => {
				const outgoing = httpRequest({host: target.hostname, port: target.port, method: incoming.method, path: incoming.url, headers}, (answer) => {
					if (left > 1) {
						answer.resume();
						answer.on('end', () => send(left - 1));
						return;
					}

					reply.writeHead(answer.statusCode ?? 502, answer.headers);
					answer.pipe(reply);
				});
				outgoing.end(bytes);
			};

			send(attempts);
		});
	});
	const url = await listenOnLoopback(server);
	return {
		url,
		stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
	};
}

/**
 * A small gateway of the test's own that slows as it gets busy, as one short of workers does: each
 * request waits `msPerOther` for every other request in flight through it when it arrives, then
 * is forwarded as it came and its reply streamed back as it goes.
 */
export async function startCrowdedGateway(upstream: string, msPerOther: number): Promise<RealGateway> {
	const target = new URL(upstream);
	let inFlight = 0;
	const server = createServer((incoming, reply) => {
		const others = inFlight++;
		reply.on('close', () => inFlight--);
		const forward = () => {
			const headers = {...incoming.headers, host: target.host};
			const outgoing = httpRequest({host: target.hostname, port: target.port, method: incoming.method, path: incoming.url, headers}, (answer) => {
				reply.writeHead(answer.statusCode ?? 502, answer.headers);
				answer.pipe(reply);
			});
			incoming.pipe(outgoing);
		};

		if (others === 0) forward();
		else setTimeout(forward, others * msPerOther);
	});
	const url = await listenOnLoopback(server);
	return {
		url,
		stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
	};
}
