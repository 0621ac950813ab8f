import {type ChildProcess, spawn} from 'node:child_process';
import {fileURLToPath} from 'node:url';

export const binPath = fileURLToPath(new URL('../../bin/gatebench.js', import.meta.url));

export type CliResult = {code: number | null; stdout: string; stderr: string};

/** Runs the built CLI (npm test builds first) with CI unset unless given. */
export function runCli(args: string[], options: {cwd?: string; env?: NodeJS.ProcessEnv; onStart?: (child: ChildProcess) => void} = {}): Promise<CliResult> {
	const env: NodeJS.ProcessEnv = {...process.env, ...options.env};
	for (const [key, value] of Object.entries(options.env ?? {})) if (value === undefined) delete env[key];
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [binPath, ...args], {cwd: options.cwd, env, stdio: ['ignore', 'pipe', 'pipe']});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
		child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
		child.on('error', reject);
		child.on('close', (code) => resolve({code, stdout, stderr}));
		options.onStart?.(child);
	});
}

/** Options that make the mock's completions fast enough for tests. */
export const fastMock = ['--mock-ttft-ms', '5', '--mock-token-delay-ms', '1', '--mock-max-output-tokens', '20', '--mock-min-tokens', '5'];

export type MockProcess = {readonly url: string; stop(): Promise<void>};

/**
 * The built mock in a process of its own (`gatebench mock --port 0 …`), for timings that must not
 * share the test's event loop with the client; stopped by its own pid.
 */
export async function startMockProcess(args: readonly string[]): Promise<MockProcess> {
	const child = spawn(process.execPath, [binPath, 'mock', '--port', '0', ...args], {stdio: ['ignore', 'pipe', 'pipe']});
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	const url = await new Promise<string>((resolve, reject) => {
		let seen = '';
		child.stdout.on('data', (chunk: Buffer) => {
			seen += chunk.toString();
			const found = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(seen);
			if (found?.[1]) resolve(found[1]);
		});
		child.once('exit', (code) => reject(new Error(`gatebench mock exited (${code}) before listening: ${seen}`)));
	});
	return {
		url,
		async stop() {
			child.kill('SIGTERM');
			await exited;
		},
	};
}
