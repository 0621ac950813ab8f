import type {FoundCompareFile, FoundPromptFile} from '../plan/draft.js';
import type {InterruptSource, RunRequest} from '../session/session-types.js';

/**
 * The interactive console (see console.tsx). React is loaded only from here, after choosing its
 * production build: the development build checks every render, which costs milliseconds a frame
 * on the very thread that times the requests.
 */
export async function runConsole(
	request: RunRequest,
	interrupts: InterruptSource,
	discover: () => readonly FoundCompareFile[],
	discoverPrompts: () => readonly FoundPromptFile[] = () => [],
): Promise<number> {
	process.env['NODE_ENV'] ??= 'production';
	const {runInk} = await import('./console.js');
	return runInk(request, interrupts, discover, discoverPrompts);
}

/** The capacity search's screen (see sweep-console.tsx), React loaded the same way. */
export async function runSweepConsole(request: RunRequest, interrupts: InterruptSource): Promise<number> {
	process.env['NODE_ENV'] ??= 'production';
	const {runSweepInk} = await import('./sweep-console.js');
	return runSweepInk(request, interrupts);
}
