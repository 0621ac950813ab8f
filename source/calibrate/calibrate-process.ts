import {spawn} from 'node:child_process';
import {readCeiling} from '../output/calibration-file.js';
import {binPath} from '../output/version.js';
import type {ClientCeiling, HttpClientName} from '../plan/run-plan.js';

/** `gatebench calibrate` run as a process of its own, as the console starts it. */
export type CalibrationRun = {
	/** Each line it prints as it goes (a step measured, where the result was kept). */
	readonly onLine: (listener: (line: string) => void) => void;
	/** Its end: the ceiling it kept, or the line that says why there is none. */
	readonly done: Promise<CalibrationOutcome>;
	/** Stops it (nothing is kept). */
	readonly stop: () => void;
};

export type CalibrationOutcome = {readonly ceiling?: ClientCeiling; readonly stdout: string; readonly problem?: string};

/**
 * Calibrates `client` in a process of its own: the console's own threads (Ink's renders, a finished
 * run's) would be in the loop it measures, and the figure is this client's alone on this machine.
 * `extra` are more of the command's options (`--step`, `--timing-error`).
 */
export function startCalibrationProcess(client: HttpClientName, env: NodeJS.ProcessEnv, extra: readonly string[] = []): CalibrationRun {
	const child = spawn(process.execPath, [binPath, 'calibrate', '--http-client', client, ...extra], {env, stdio: ['ignore', 'pipe', 'pipe']});
	const listeners: Array<(line: string) => void> = [];
	let stdout = '';
	let partial = '';
	let lastLine = '';
	child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
	child.stderr.on('data', (chunk: Buffer) => {
		const lines = (partial + chunk.toString()).split('\n');
		partial = lines.pop() ?? '';
		for (const line of lines) {
			lastLine = line;
			for (const listener of listeners) listener(line);
		}
	});
	const done = new Promise<CalibrationOutcome>((resolve) => {
		child.once('error', (error) => resolve({stdout, problem: `gatebench calibrate did not start: ${error.message}`}));
		child.once('close', (code) => {
			const ceiling = code === 0 ? readCeiling(env, client) : undefined;
			resolve(ceiling ? {ceiling, stdout} : {stdout, problem: code === 130 ? 'calibration stopped; nothing kept' : lastLine.replace(/^gatebench: /, '')});
		});
	});
	return {
		onLine: (listener) => listeners.push(listener),
		done,
		stop: () => child.kill('SIGINT'),
	};
}
