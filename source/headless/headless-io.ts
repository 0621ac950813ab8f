import type {InterruptSource} from '../session/session-types.js';

/** Text out: a process's stdout or stderr, or a test's stand-in that keeps what was written. */
export type TextSink = {write(text: string): unknown; readonly isTTY?: boolean};

/**
 * What a headless run writes to and hears from: the process's own streams, environment and
 * signals (bin/gatebench.js), or a test's, which runs the command line in-process.
 */
export type HeadlessIo = {
	readonly stdout: TextSink;
	readonly stderr: TextSink;
	readonly env: NodeJS.ProcessEnv;
	readonly onInterrupt: InterruptSource;
	/** Ends at once (a second Ctrl-C, after saving). */
	readonly exit: (code: number) => void;
};
