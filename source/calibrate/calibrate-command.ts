import {keepCeiling, thisMachine} from '../output/calibration-file.js';
import {version} from '../output/version.js';
import type {RunPlan} from '../plan/run-plan.js';
import {type CalibrationStep, calibrate, CalibrationError, defaultTimingErrorMs} from './calibrate.js';

type Writable = {write(text: string): unknown};

export type CalibrateCommandOptions = {
	readonly plan: RunPlan;
	readonly stepMs: number;
	readonly env: NodeJS.ProcessEnv;
	readonly stdout: Writable;
	readonly stderr: Writable;
	readonly stopped: () => boolean;
	readonly timingErrorMs?: number;
};

const count = (value: number) => Math.round(value).toLocaleString('en-US');

/** One finished step, as the search goes. */
export function stepLine(step: CalibrationStep): string {
	const load = step.search === 'requests' ? `${count(step.load)} req/s asked` : `${count(step.load)} streams (${count(step.asked)} events/s asked)`;
	const unit = step.search === 'requests' ? 'req/s' : 'events/s';
	const verdict = step.held ? 'held' : `not held: ${step.why ?? ''}`;
	return `calibrate ${step.search}: ${load}: ${count(step.delivered)} ${unit}, loop delay p99 ${step.loopDelayP99Ms.toFixed(2)} ms, loop ${Math.round(step.loopUtilization * 100)}% busy — ${verdict}`;
}

/** `gatebench calibrate`: measures this client's ceiling on this machine and keeps it in the user's cache folder. */
export async function runCalibrateCommand({
	plan,
	stepMs,
	env,
	stdout,
	stderr,
	stopped,
	timingErrorMs = defaultTimingErrorMs,
}: CalibrateCommandOptions): Promise<number> {
	const machine = thisMachine();
	stderr.write(
		`calibrate: the ${plan.httpClient} client against the built-in mock (its own thread), ${stepMs / 1000} s a step, on ${machine.cpu} (${machine.cores} cores)\n`,
	);
	try {
		const {ceiling} = await calibrate({plan, stepMs, machine, version, stopped, timingErrorMs, onStep: (step) => stderr.write(`${stepLine(step)}\n`)});
		if (stopped()) {
			stderr.write('calibrate: stopped; nothing kept\n');
			return 130;
		}

		const path = keepCeiling(env, ceiling);
		stdout.write(
			`client ceiling (${ceiling.httpClient}, timing error under ${timingErrorMs} ms at p99): ${count(ceiling.requestsPerSecond)} requests/s, ${ceiling.eventsAtLeast ? 'at least ' : ''}${count(ceiling.eventsPerSecond)} streamed events/s${ceiling.eventsAtLeast ? ' (the mock ran out first)' : ''}\n`,
		);
		stderr.write(`calibrate: kept in ${path}; every run on this machine now says how close it came\n`);
		return 0;
	} catch (error) {
		if (!(error instanceof CalibrationError)) throw error;
		stderr.write(`gatebench: calibrate: ${error.message}\n`);
		return 1;
	}
}
