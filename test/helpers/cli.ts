import {type ChildProcess, spawn} from 'node:child_process';
import {fileURLToPath} from 'node:url';
import type * as Main from '../../source/cli/main.js';

export const binPath = fileURLToPath(new URL('../../bin/gatebench.js', import.meta.url));

export type CliResult = {code: number | null; stdout: string; stderr: string};

export type CliOptions = {
	cwd?: string;
	env?: NodeJS.ProcessEnv;
	/** Called with the process once started; implies a process of its own. */
	onStart?: (child: ChildProcess) => void;
	/** Run the binary in a process of its own rather than in this thread. */
	process?: boolean;
};

/** What only a process of its own can have: its working folder, or settings read from the environment at start-up (TLS roots, proxies). */
const processWide = /^(node_|https?_proxy$|no_proxy$|all_proxy$)/i;
const needsProcess = (args: readonly string[], options: CliOptions) =>
	Boolean(options.process || options.cwd || options.onStart) ||
	args[0] === 'mock' ||
	args.includes('--proxy') ||
	Object.keys(options.env ?? {}).some((key) => processWide.test(key));

/**
 * Runs the built CLI (npm test builds first) with CI unset unless given: in this thread, through
 * the same entry bin/gatebench.js calls (its measuring and mock threads as in the binary, only the
 * process start-up saved), or in a process of its own where the test needs one.
 */
export async function runCli(args: string[], options: CliOptions = {}): Promise<CliResult> {
	const env: NodeJS.ProcessEnv = {...process.env, ...options.env};
	for (const [key, value] of Object.entries(options.env ?? {})) if (value === undefined) delete env[key];
	if (needsProcess(args, options)) return spawnCli(args, env, options);
	const {runGatebench} = (await import(new URL('../../dist/cli/main.js', import.meta.url).href)) as typeof Main;
	const output = {stdout: '', stderr: ''};
	const sink = (name: keyof typeof output) => ({write: (text: string) => (output[name] += text)});
	try {
		const code = await runGatebench([process.execPath, binPath, ...args], {
			stdout: sink('stdout'),
			stderr: sink('stderr'),
			env,
			onInterrupt: () => () => {},
			exit: (code) => {
				throw new Error(`the run asked to exit ${code} at once`);
			},
		});
		return {code, ...output};
	} catch (error) {
		// As bin/gatebench.js ends on an error nobody caught.
		return {code: 1, stdout: output.stdout, stderr: `${output.stderr}gatebench: ${error instanceof Error ? error.message : String(error)}\n`};
	}
}

function spawnCli(args: string[], env: NodeJS.ProcessEnv, options: CliOptions): Promise<CliResult> {
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
