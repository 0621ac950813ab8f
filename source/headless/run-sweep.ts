import {completePlan} from '../plan/draft.js';
import {sloTexts} from '../plan/sweep-settings.js';
import {savedLine} from '../output/files.js';
import type {RunRequest} from '../session/session-types.js';
import type {HeadlessIo} from './headless-io.js';
import {startSweep} from '../sweep/search.js';
import {impossibleGate} from '../session/session.js';
import {resultLines, stepLine} from '../sweep/sweep-lines.js';

/**
 * `--sweep concurrency|rate`: a line per finished step on stderr, each endpoint's answer on stdout,
 * and the files (a row per step in the CSV, a Step column in the request CSV, every step and the
 * answers in the JSON) kept current after each step. Ctrl-C or SIGTERM stops: finished steps are
 * kept and the answer so far reported; exit 130 then, 3 when a `capacity.*` gate fails.
 */
export async function runSweepHeadless({draft, outputs, mockOptions, warnings}: RunRequest, io: HeadlessIo): Promise<0 | 2 | 3 | 130> {
	for (const warning of warnings) io.stderr.write(`gatebench: ${warning}\n`);
	const plan = completePlan(draft);
	const impossible = impossibleGate(plan);
	if (impossible) {
		io.stderr.write(`gatebench: ${impossible}\n`);
		return 2;
	}

	const log = (line: string) => io.stderr.write(`${line}\n`);
	log(`gatebench: capacity search, ${(plan.sweep?.stepMs ?? 0) / 1000} s a step: ${plan.sweep ? sloTexts(plan.sweep).join(', ') : ''}`);
	// Steps are named by endpoint when several are searched.
	const sweep = startSweep({plan, mockOptions, outputs, onStep: (step) => log(stepLine(step, sweep.progress().endpoints.length > 1))});
	const stopListening = io.onInterrupt((_count, signal) => {
		log(`gatebench: ${signal}: stopping the search; finished steps are kept`);
		sweep.stop();
	});
	try {
		const result = await sweep.done;
		const jsonToStdout = outputs.json === '-';
		(jsonToStdout ? io.stderr : io.stdout).write(resultLines(result).join('\n') + '\n');
		if (jsonToStdout) io.stdout.write(result.json);
		for (const path of result.written) log(savedLine(path, outputs.html));
		if (result.interrupted) return 130;
		return result.gates.some((gate) => !gate.pass) ? 3 : 0;
	} finally {
		stopListening();
	}
}
