import {mkdirSync} from 'node:fs';
import {render} from 'ink';
import type {FoundCompareFile, FoundPromptFile} from '../plan/draft.js';
import {exitStatus, finalReport} from '../report/final-report.js';
import {savedLine} from '../output/files.js';
import {colourWanted} from '../output/paint.js';
import type {RunPlan} from '../plan/run-plan.js';
import {comparisonTable} from '../output/table.js';
import {formatComparison} from '../report/format-comparison.js';
import {runsSideBySide} from '../report/runs-side-by-side.js';
import {startSession} from '../session/session.js';
import type {InterruptSource, RunRequest, Session} from '../session/session-types.js';
import {listModels} from '../targets/list-models.js';
import {startCalibrationProcess} from '../calibrate/calibrate-process.js';
import App from './App.js';
import ConsoleBoundary, {oneLine} from './components/ConsoleBoundary.js';
import {drawableWidth} from './layout.js';
import {consoleOutputs, needsResultsFolder, resultsFolder} from './output-paths.js';
import {benchmarked, openQuestions, planFrom} from './setup/steps.js';
import {freeLoopbackPort, upstreamOptions} from './upstream-port.js';
import {makeTheme, ThemeContext} from './theme.js';
import type {ExitRequest} from './use-run-controller.js';

/**
 * One frame every 100 ms (10 per second): smooth to the eye, and a frame of a full screen costs
 * several ms of CPU that the measuring thread may need on a small machine.
 */
const frameMs = 100;

/**
 * The interactive console: Setup, live Running screen, Summary. Always saves both CSV files;
 * after Ink lets go of the screen, prints the comparison and the saved paths so they stay in
 * the scrollback. Returns the exit status: 0, 130 when interrupted, 1 when the run could not start.
 */
export async function runInk(
	{draft, outputs, mockOptions, warnings}: RunRequest,
	interrupts: InterruptSource,
	discover: () => readonly FoundCompareFile[],
	discoverPrompts: () => readonly FoundPromptFile[] = () => [],
): Promise<number> {
	for (const warning of warnings) process.stderr.write(`gatebench: ${warning}\n`);
	const colour = colourWanted(process.stdout);
	// Without a terminal on stdin there is nobody to answer: the defaults are taken.
	const interactive = Boolean(process.stdin.isTTY);
	const initialPlan = !interactive || openQuestions(draft, {}).length === 0 ? planFrom(draft, {}) : undefined;
	// Gateways added in Setup need their upstream's address before they are configured: the mock's port is chosen now.
	const upstreamPort = initialPlan ? undefined : (mockOptions.port ?? (await freeLoopbackPort()));
	// The session measuring now, so that a failure of the console itself still saves what it completed.
	let latest: Session | undefined;
	const start = async (plan: RunPlan) => {
		const chosen = consoleOutputs(outputs, new Date());
		if (needsResultsFolder(outputs)) mkdirSync(resultsFolder, {recursive: true});
		// Side by side, every frame redraws a row, a verdict and a chart per endpoint: four a second keep
		// the bytes sent to a terminal over SSH under 12 KB/s (five wrote 12.0–12.4 KB/s over 30 s).
		const comparing = plan.interleave && benchmarked(plan).names.length > 1;
		latest = await startSession({
			plan,
			outputs: chosen,
			mockOptions: upstreamOptions(plan, mockOptions, upstreamPort),
			engineThread: true,
			snapshotIntervalMs: comparing ? 2.5 * frameMs : frameMs,
		});
		return latest;
	};

	// Signals that came before the console subscribed (during start-up) wait for it, then act in order.
	const listeners = new Set<() => void>();
	let waiting = 0;
	const stopListening = interrupts(() => {
		if (listeners.size === 0) waiting++;
		for (const listener of listeners) listener();
	});
	// Before Ink's own handler: a terminal reflows the old frame on resize, and Ink, erasing
	// line by line, would leave pieces of it behind. A clean screen, then Ink draws anew.
	const clearOnResize = () => process.stdout.write('\u001B[2J\u001B[H');
	process.stdout.prependListener('resize', clearOnResize);
	let finish: (request: ExitRequest) => void = () => {};
	const exited = new Promise<ExitRequest>((resolve) => {
		finish = resolve;
	});
	// Anything unexpected, drawn or not (a rejected promise nobody awaited): one line, the files saved so far, exit 1.
	const fail = (error: unknown) => finish({kind: 'failed', code: 1, message: `the console failed: ${oneLine(error)}`, session: latest});
	process.on('unhandledRejection', fail);
	process.on('uncaughtException', fail);
	const instance = render(
		<ThemeContext.Provider value={makeTheme(colour)}>
			<ConsoleBoundary onError={fail}>
				<App
					draft={draft}
					initialPlan={initialPlan}
					start={start}
					interactive={interactive}
					discover={discover}
					discoverPrompts={discoverPrompts}
					env={process.env}
					listModels={async (endpoint) => listModels(endpoint, draft.tls)}
					upstreamPort={upstreamPort}
					calibrate={(client) => startCalibrationProcess(client, process.env)}
					subscribeInterrupt={(listener) => {
						listeners.add(listener);
						for (; waiting > 0; waiting--) listener();
						return () => listeners.delete(listener);
					}}
					onExit={(request) => finish(request)}
				/>
			</ConsoleBoundary>
		</ThemeContext.Provider>,
		{exitOnCtrlC: false, maxFps: 1000 / frameMs, patchConsole: false},
	);
	const request = await exited;
	process.off('unhandledRejection', fail);
	process.off('uncaughtException', fail);
	instance.unmount();
	await instance.waitUntilExit();
	stopListening();
	process.stdout.off('resize', clearOnResize);
	return await report(request, colour, outputs.json === '-', outputs.html);
}

/** The width the console drew in, when stdout is a terminal; otherwise the table keeps every column. */
const scrollbackWidth = (): number | undefined => (process.stdout.isTTY && process.stdout.columns > 0 ? drawableWidth(process.stdout.columns) : undefined);

/** What stays in the scrollback once the console is gone, fitted to the terminal. */
async function report(request: ExitRequest, colour: boolean, jsonToStdout: boolean, html: string | undefined): Promise<number> {
	const out = (text: string) => process.stdout.write(text);
	switch (request.kind) {
		case 'quit':
			return request.code;
		case 'failed': {
			process.stderr.write(`gatebench: ${request.message}\n`);
			// Whatever the run had completed: the request CSV so far, the aggregate and the JSON of it.
			const written = request.session ? await request.session.saveNow() : [];
			for (const path of written) out(`${savedLine(path, html)}\n`);
			return request.code;
		}
		case 'abort': {
			if (!request.session) process.exit(130);
			const written = await request.session.saveNow();
			out(comparisonTable(request.session.store.getSnapshot().endpoints, colour, scrollbackWidth()));
			for (const path of written) out(`${savedLine(path, html)}\n`);
			// In-flight requests and the mock would keep the process alive: this is the "at once".
			return process.exit(130);
		}

		case 'done': {
			const earlier = request.earlier ?? [];
			out(finalReport(request.result, colour, scrollbackWidth()));
			if (earlier.length > 0) {
				// The same plan run again (`r`): every run in one table, the last against the one before.
				const side = runsSideBySide([...earlier, request.result]);
				out(`\nRuns side by side:\n${comparisonTable(side.endpoints, colour, scrollbackWidth(), side.judged)}`);
				const against = formatComparison(side.comparison, colour);
				if (against) out(`\n${against}`);
			}

			if (jsonToStdout) out(JSON.stringify(request.result.json, null, 2) + '\n');
			const written = [...earlier.flatMap((run) => run.written), ...request.result.written];
			if (written.length > 0) out('\n');
			for (const path of written) out(`${savedLine(path, html)}\n`);
			const {code, reason} = exitStatus(request.result);
			if (reason) process.stderr.write(`gatebench: ${reason}\n`);
			return request.code === 0 ? code : request.code;
		}
	}
}
