import type {Invocation} from '../cli/validate.js';
import {completePlan} from '../cli/validate.js';
import {colourWanted} from '../output/paint.js';
import {comparisonTable, errorLines} from '../output/table.js';
import {detailLines, thresholdLines} from '../output/details.js';
import {formatComparison} from '../compare/bootstrap.js';
import {type SessionResult, startSession} from '../session.js';
import {progressLine} from './progress.js';
import {onInterrupt} from '../interrupts.js';

export type ExitCode = 0 | 1 | 2 | 3 | 130;

/** The run had nothing to measure: every request of every endpoint failed to connect. */
const unreachableKinds = new Set(['connection_refused', 'dns', 'connect_error']);
function nothingReachable(result: SessionResult): boolean {
	const {endpoints} = result.snapshot;
	return (
		endpoints.length > 0 &&
		endpoints.every((stats) => stats.successful === 0 && stats.requests > 0 && Object.keys(stats.errors).every((kind) => unreachableKinds.has(kind)))
	);
}

/**
 * Headless: a progress line on stderr at most once a second, then the comparison table on
 * stdout (or on stderr when stdout carries the JSON). Ctrl-C or SIGTERM stops gracefully and
 * saves everything completed; a second one saves at once and exits.
 */
export async function runHeadless({draft, outputs, mockOptions, warnings}: Invocation): Promise<ExitCode> {
	for (const warning of warnings) process.stderr.write(`gatebench: ${warning}\n`);
	const plan = completePlan(draft);
	const session = await startSession({plan, outputs, mockOptions});
	const log = (line: string) => process.stderr.write(`${line}\n`);
	if (session.mock) log(`gatebench: no --gateway or --sourcegraph given: benchmarking the built-in mock gateway at ${session.mock.url}`);
	else if (!plan.gateway) log('gatebench: no --gateway given: gateway endpoints skipped');
	else if (!plan.sourcegraph) log('gatebench: no --sourcegraph given: sourcegraph endpoints skipped');

	const ticker = setInterval(() => {
		const line = progressLine(session.store.getSnapshot());
		if (line) log(line);
	}, 1000);
	const stopListening = onInterrupt((count, signal) => {
		if (count === 1) {
			log(`gatebench: ${signal}: stopping, saving completed requests (again to quit at once)`);
			session.stop();
			return;
		}

		for (const path of session.saveNow()) log(`saved ${path}`);
		process.exit(130);
	});
	try {
		const result = await session.finish();
		const jsonToStdout = outputs.json === '-';
		const out = jsonToStdout ? process.stderr : process.stdout;
		out.write(comparisonTable(result.snapshot.endpoints, colourWanted(out)));
		const errors = errorLines(result.snapshot.endpoints);
		if (errors) out.write(`\nErrors:\n${errors}\n`);
		if (jsonToStdout) process.stdout.write(JSON.stringify(result.json, null, 2) + '\n');
		const comparison = formatComparison(result.comparison, colourWanted(out));
		if (comparison) out.write(`\n${comparison}`);
		const details = detailLines(result.snapshot.endpoints);
		if (details) out.write(`\n${details}\n`);
		const gates = thresholdLines(result.thresholds);
		if (gates) out.write(`\n${gates}\n`);
		for (const path of result.written) log(`saved ${path}`);
		if (result.run.interrupted) return 130;
		if (result.thresholds.some((threshold) => !threshold.pass)) {
			log(`gatebench: ${result.thresholds.filter((threshold) => !threshold.pass).length} threshold check(s) failed`);
			return 3;
		}

		if (nothingReachable(result)) {
			log('gatebench: no endpoint could be reached');
			return 1;
		}

		return 0;
	} finally {
		clearInterval(ticker);
		stopListening();
	}
}
