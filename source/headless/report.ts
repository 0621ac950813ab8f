import {completePlan} from '../plan/draft.js';
import {savedLine} from '../output/files.js';
import {proxyNote} from '../output/details.js';
import {colourWanted} from '../output/paint.js';
import {impossibleGate, startSession} from '../session/session.js';
import type {RunRequest} from '../session/session-types.js';
import type {ExitCode} from '../report/final-report.js';
import {progressLine} from './progress-line.js';
import {targetNotes} from './target-notes.js';
import type {HeadlessIo} from './headless-io.js';

/**
 * Headless: a progress line on stderr at most once a second, then the comparison table on
 * stdout (or on stderr when stdout carries the JSON). Ctrl-C or SIGTERM stops gracefully and
 * saves everything completed; a second one saves at once and exits.
 */
export async function runHeadless({draft, outputs, mockOptions, warnings}: RunRequest, io: HeadlessIo): Promise<ExitCode> {
	for (const warning of warnings) io.stderr.write(`gatebench: ${warning}\n`);
	const plan = completePlan(draft);
	const impossible = impossibleGate(plan);
	if (impossible) {
		io.stderr.write(`gatebench: ${impossible}\n`);
		return 2;
	}

	// Headless reads a snapshot once a second (the progress line): computing one every 66 ms, as the
	// console's screen needs, only takes the measuring loop's time (the first, cold, ~10 ms: a send
	// due then left that late).
	const session = await startSession({plan, outputs, mockOptions, snapshotIntervalMs: 1000});
	const log = (line: string) => io.stderr.write(`${line}\n`);
	for (const note of targetNotes(plan, session.mock?.url)) log(`gatebench: ${note}`);
	// Which proxy each endpoint uses is known once the engine has built them (its first snapshot).
	const stopWatchingStart = session.store.subscribe(() => {
		const {endpoints} = session.store.getSnapshot();
		if (endpoints.length === 0) return;
		stopWatchingStart();
		const note = proxyNote(endpoints);
		if (note) log(`gatebench: ${note}`);
	});

	const ticker = setInterval(() => {
		const line = progressLine(session.store.getSnapshot());
		if (line) log(line);
	}, 1000);
	const stopListening = io.onInterrupt((count, signal) => {
		if (count === 1) {
			log(`gatebench: ${signal}: stopping, saving completed requests (again to quit at once)`);
			session.stop();
			return;
		}

		void session.saveNow().then((written) => {
			for (const path of written) log(savedLine(path, outputs.html));
			io.exit(130);
		});
	});
	try {
		const result = await session.finish();
		// Loaded once the run is over: what prints it is not needed before the first request.
		const {exitStatus, finalReport} = await import('../report/final-report.js');
		const jsonToStdout = outputs.json === '-';
		const out = jsonToStdout ? io.stderr : io.stdout;
		out.write(finalReport(result, colourWanted(out, io.env)));
		if (jsonToStdout) io.stdout.write(JSON.stringify(result.json, null, 2) + '\n');
		for (const path of result.written) log(savedLine(path, outputs.html));
		const {code, reason} = exitStatus(result);
		if (reason) log(`gatebench: ${reason}`);
		return code;
	} finally {
		clearInterval(ticker);
		stopWatchingStart();
		stopListening();
	}
}
