import {CommanderError} from 'commander';
import {addMockCommand, addReportCommand, type CliFlags, createProgram} from './cli/program.js';
import {shouldRunHeadless} from './cli/headless-mode.js';
import {mockOptionsFrom} from './cli/mock-flags.js';
import {useProxy, validateFlags} from './cli/validate.js';
import {installInterrupts, onInterrupt} from './cli/interrupts.js';

/** Bad usage: one line on stderr, exit 2, never a stack trace. */
function usageError(message: string): never {
	process.stderr.write(`gatebench: ${message}\n`);
	process.exit(2);
}

async function main(argv: string[]): Promise<void> {
	installInterrupts();
	const program = createProgram();
	program.exitOverride();
	program.configureOutput({outputError: () => {}});
	addMockCommand(program, async (options) => {
		const {runMockCommand} = await import('./mock/mock-command.js');
		const {port, host, requireToken, processes} = options as {port: number; host: string; requireToken?: string; processes: number};
		await runMockCommand({...mockOptionsFrom(options, ''), port, host, requireToken, processes});
	});
	addReportCommand(program, async (files, options) => {
		const {runReportCommand} = await import('./report/report-command.js');
		const {colourWanted} = await import('./output/paint.js');
		const tableStream = options.json === '-' ? process.stderr : process.stdout;
		// The charts library loads only when a page is asked for (~0.5 s).
		const html = options.html === undefined ? undefined : {path: options.html, render: (await import('./report/html-report.js')).htmlReportOf};
		process.exitCode = runReportCommand(files, {
			merge: Boolean(options.merge),
			json: options.json,
			html,
			overwrite: options.overwrite,
			colour: colourWanted(tableStream),
			stdout: process.stdout,
			stderr: process.stderr,
		});
	});
	program.action(async (flags: CliFlags) => {
		// `--proxy` is the environment's proxy for this run: every transport, the WebSocket and the measuring thread read it there.
		if (flags.proxy) useProxy(flags.proxy, process.env);
		const invocation = validateFlags(flags, process.env);
		if (typeof invocation === 'string') usageError(invocation);
		const headless = shouldRunHeadless(invocation.headlessRequested, process.stdout, process.env);
		if (invocation.draft.sweep) {
			if (headless) {
				const {runSweepHeadless} = await import('./headless/run-sweep.js');
				process.exitCode = await runSweepHeadless(invocation, onInterrupt);
			} else {
				const {runSweepConsole} = await import('./ui/run-console.js');
				process.exitCode = await runSweepConsole(invocation, onInterrupt);
			}

			return;
		}

		if (headless) {
			const {runHeadless} = await import('./headless/report.js');
			process.exitCode = await runHeadless(invocation, onInterrupt);
			return;
		}

		const {runConsole} = await import('./ui/run-console.js');
		const {discoverCompareFiles, discoverPromptFiles} = await import('./cli/discover-compare-files.js');
		process.exitCode = await runConsole(
			invocation,
			onInterrupt,
			() => discoverCompareFiles({dir: process.cwd(), env: process.env}),
			() => discoverPromptFiles({dir: process.cwd()}),
		);
	});

	try {
		await program.parseAsync(argv);
	} catch (error) {
		if (error instanceof CommanderError) {
			if (error.exitCode === 0) process.exit(0);
			usageError(error.message.replace(/^error: /, ''));
		}

		throw error;
	}
}

main(process.argv).catch((error: unknown) => {
	process.stderr.write(`gatebench: ${error instanceof Error ? error.message : String(error)}\n`);
	process.exit(1);
});
