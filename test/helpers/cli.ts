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
