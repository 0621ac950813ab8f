import {runGatebench} from './cli/main.js';
import {installInterrupts, onInterrupt} from './cli/interrupts.js';

installInterrupts();
runGatebench(process.argv, {stdout: process.stdout, stderr: process.stderr, env: process.env, onInterrupt, exit: (code) => process.exit(code)}).then(
	(code) => {
		process.exitCode = code;
	},
	(error: unknown) => {
		process.stderr.write(`gatebench: ${error instanceof Error ? error.message : String(error)}\n`);
		process.exit(1);
	},
);
