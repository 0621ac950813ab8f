import {CommanderError} from 'commander';
import type {HeadlessIo} from '../headless/headless-io.js';
import {addCalibrateCommand, addMockCommand, addReportCommand, type CliFlags, createProgram} from './program.js';
import {shouldRunHeadless} from './headless-mode.js';
import {mockOptionsFrom} from './mock-flags.js';
import {useProxy, validateFlags} from './validate.js';

/** The command line's surroundings: the process's own (bin/gatebench.js), or a test's in-process ones. */
export type CliIo = HeadlessIo;

/** A usage error says so in one line on stderr and exits 2, never with a stack trace. */
class UsageError extends Error {}

/**
 * `gatebench …` from its arguments (`argv` as process.argv has them) to its exit code. Everything
 * it writes goes to `io`; the console alone draws on the process's own terminal.
 */
export async function runGatebench(argv: readonly string[], io: CliIo): Promise<number> {
	let exitCode = 0;
	const program = createProgram();
	program.exitOverride();
	program.configureOutput({writeOut: (text) => io.stdout.write(text), writeErr: (text) => io.stderr.write(text), outputError: () => {}});
	addMockCommand(program, async (options) => {
		const {runMockCommand} = await import('../mock/mock-command.js');
		const {port, host, requireToken, witnessToken, processes} = options as {
			port: number;
			host: string;
			requireToken?: string;
			witnessToken?: string;
			processes: number;
		};
		// Each process would keep its own record, and a reader would see one process's share of it.
		if (witnessToken !== undefined && processes > 1) throw new UsageError('--witness-token needs one process: drop --processes');
		await runMockCommand({...mockOptionsFrom(options, ''), port, host, requireToken, witnessToken, processes});
	});
	addReportCommand(program, async (files, options) => {
		const {runReportCommand} = await import('../report/report-command.js');
		const {colourWanted} = await import('../output/paint.js');
		const tableStream = options.json === '-' ? io.stderr : io.stdout;
		// The charts library loads only when a page is asked for (~0.5 s).
		const html = options.html === undefined ? undefined : {path: options.html, render: (await import('../report/html-report.js')).htmlReportOf};
		exitCode = runReportCommand(files, {
			merge: Boolean(options.merge),
			json: options.json,
			html,
			overwrite: options.overwrite,
			colour: colourWanted(tableStream, io.env),
			stdout: io.stdout,
			stderr: io.stderr,
		});
	});
	addCalibrateCommand(program, async ({step, httpClient, timingError}) => {
		// The client as a run would have it (TLS, time-outs, proxy settings): the main command's defaults.
		const base = createProgram();
		base.exitOverride();
		base.parse(['--pipeline', 'http', '--http-client', httpClient, '--no-tui'], {from: 'user'});
		const invocation = validateFlags(base.opts<CliFlags>(), io.env);
		if (typeof invocation === 'string') throw new UsageError(invocation);
		const {completePlan} = await import('../plan/draft.js');
		const {runCalibrateCommand} = await import('../calibrate/calibrate-command.js');
		let stopped = false;
		const stopListening = io.onInterrupt(() => {
			stopped = true;
		});
		try {
			exitCode = await runCalibrateCommand({
				plan: completePlan(invocation.draft),
				stepMs: step,
				timingErrorMs: timingError,
				env: io.env,
				stdout: io.stdout,
				stderr: io.stderr,
				stopped: () => stopped,
			});
		} finally {
			stopListening();
		}
	});
	program.action(async (flags: CliFlags) => {
		// `--proxy` is the environment's proxy for this run: every transport, the WebSocket and the measuring thread read it there.
		if (flags.proxy) useProxy(flags.proxy, io.env);
		const invocation = validateFlags(flags, io.env);
		if (typeof invocation === 'string') throw new UsageError(invocation);
		const headless = shouldRunHeadless(invocation.headlessRequested, io.stdout, io.env);
		if (invocation.draft.sweep) {
			if (headless) {
				const {runSweepHeadless} = await import('../headless/run-sweep.js');
				exitCode = await runSweepHeadless(invocation, io);
			} else {
				const {runSweepConsole} = await import('../ui/run-console.js');
				exitCode = await runSweepConsole(invocation, io.onInterrupt);
			}

			return;
		}

		if (headless) {
			const {runHeadless} = await import('../headless/report.js');
			exitCode = await runHeadless(invocation, io);
			return;
		}

		const {runConsole} = await import('../ui/run-console.js');
		const {discoverCompareFiles, discoverPromptFiles} = await import('./discover-compare-files.js');
		exitCode = await runConsole(
			invocation,
			io.onInterrupt,
			() => discoverCompareFiles({dir: process.cwd(), env: io.env}),
			() => discoverPromptFiles({dir: process.cwd()}),
		);
	});

	try {
		await program.parseAsync([...argv]);
		return exitCode;
	} catch (error) {
		const usage =
			error instanceof UsageError ? error.message : error instanceof CommanderError && error.exitCode !== 0 ? error.message.replace(/^error: /, '') : undefined;
		if (error instanceof CommanderError && error.exitCode === 0) return 0;
		if (usage === undefined) throw error;
		io.stderr.write(`gatebench: ${usage}\n`);
		return 2;
	}
}
