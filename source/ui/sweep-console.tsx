import {mkdirSync} from 'node:fs';
import {savedLine} from '../output/files.js';
import {render, useInput} from 'ink';
import {useEffect, useState, useSyncExternalStore} from 'react';
import {colourWanted} from '../output/paint.js';
import {completePlan} from '../plan/draft.js';
import type {SweepSettings} from '../plan/sweep-settings.js';
import type {InterruptSource, RunRequest} from '../session/session-types.js';
import type {SweepResult, SweepRun} from '../sweep/sweep-types.js';
import {resultLines, stepLine} from '../sweep/sweep-lines.js';
import {startSweepThread} from '../sweep/sweep-thread.js';
import {drawableWidth} from './layout.js';
import {consoleOutputs, needsResultsFolder, resultsFolder} from './output-paths.js';
import Sweep from './screens/Sweep.js';
import {makeTheme, ThemeContext} from './theme.js';
import {useTerminalSize} from './use-terminal-size.js';

/** Five frames a second: the curves change once a step, the current step's figures a few times a second. */
const frameMs = 200;

type AppProps = {
	readonly sweep: SweepRun;
	readonly settings: SweepSettings;
	readonly subscribeInterrupt: (listener: () => void) => () => void;
	/** The console is left (Ink is unmounted by the caller, which then writes the scrollback). */
	readonly onExit: (result: SweepResult | Error) => void;
};

function SweepApp({sweep, settings, subscribeInterrupt, onExit}: AppProps) {
	const progress = useSyncExternalStore(sweep.subscribe, sweep.progress);
	const [result, setResult] = useState<SweepResult>();
	const [stopping, setStopping] = useState(false);
	const {columns, rows} = useTerminalSize();
	useEffect(() => {
		sweep.done.then(setResult, (error: unknown) => onExit(error instanceof Error ? error : new Error(String(error))));
	}, [sweep, onExit]);
	const leave = () => {
		if (result) return onExit(result);

		setStopping(true);
		sweep.stop();
	};

	// Ctrl-C stops the search as q does; once it has ended, it leaves.
	useEffect(() => subscribeInterrupt(leave));
	useInput((input, key) => {
		// In raw mode Ctrl-C arrives as a key, not a signal.
		if (input === 'q' || key.escape || (key.ctrl && input === 'c') || (result && key.return)) leave();
	});
	// A search stopped by q or Ctrl-C leaves as soon as it has saved.
	useEffect(() => {
		if (result && stopping) onExit(result);
	}, [result, stopping, onExit]);
	return <Sweep progress={progress} settings={settings} result={result} stopping={stopping} width={drawableWidth(columns)} rows={rows} />;
}

/**
 * `--sweep` in a terminal: the sweep screen while the search runs in the measuring thread; q or
 * Ctrl-C stops it (finished steps stay in every file). Leaves every step and the answers in the
 * scrollback. Exit 0, 3 when a capacity gate failed, 130 when stopped, 1 when it could not run.
 */
export async function runSweepInk({draft, outputs, mockOptions, warnings}: RunRequest, interrupts: InterruptSource): Promise<number> {
	for (const warning of warnings) process.stderr.write(`gatebench: ${warning}\n`);
	const plan = completePlan(draft);
	const settings = plan.sweep;
	if (!settings) throw new Error('no --sweep in the plan');
	const chosen = consoleOutputs(outputs, new Date());
	if (needsResultsFolder(outputs)) mkdirSync(resultsFolder, {recursive: true});
	const sweep = startSweepThread({plan, mockOptions, outputs: chosen});
	const listeners = new Set<() => void>();
	const stopListening = interrupts(() => {
		if (listeners.size === 0) sweep.stop();
		for (const listener of listeners) listener();
	});
	let finish: (outcome: SweepResult | Error) => void = () => {};
	const ended = new Promise<SweepResult | Error>((resolve) => {
		finish = resolve;
	});
	const instance = render(
		<ThemeContext.Provider value={makeTheme(colourWanted(process.stdout))}>
			<SweepApp
				sweep={sweep}
				settings={settings}
				subscribeInterrupt={(listener) => {
					listeners.add(listener);
					return () => listeners.delete(listener);
				}}
				onExit={(outcome) => finish(outcome)}
			/>
		</ThemeContext.Provider>,
		{exitOnCtrlC: false, maxFps: 1000 / frameMs, patchConsole: false},
	);
	const outcome = await ended;
	instance.unmount();
	await instance.waitUntilExit();
	stopListening();
	if (outcome instanceof Error) {
		process.stderr.write(`gatebench: ${outcome.message}\n`);
		return 1;
	}

	const named = outcome.answers.length > 1;
	const lines = [
		...outcome.steps.map((step) => stepLine(step, named)),
		...resultLines(outcome),
		...outcome.written.map((path) => savedLine(path, outputs.html)),
	];
	// `--json -`: the JSON alone on stdout, the lines on stderr, as headless.
	const jsonToStdout = outputs.json === '-';
	(jsonToStdout ? process.stderr : process.stdout).write(lines.join('\n') + '\n');
	if (jsonToStdout) process.stdout.write(outcome.json);
	if (outcome.interrupted) return 130;
	return outcome.gates.some((gate) => !gate.pass) ? 3 : 0;
}
