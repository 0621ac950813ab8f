import {useEffect, useState} from 'react';
import type {CalibrationRun} from '../calibrate/calibrate-process.js';
import type {HttpClientName} from '../plan/run-plan.js';
import type {SessionResult} from '../session/session-types.js';
import {ceilingLine, type CeilingVerdict, ceilingVerdictOf} from '../stats/ceiling-share.js';

export type CalibrationView = {
	readonly run: CalibrationRun;
	readonly lines: readonly string[];
	readonly outcome?: {readonly line: string; readonly kept: boolean};
};

const clients: readonly HttpClientName[] = ['raw', 'undici', 'got'];

/**
 * A calibration started from the results: its lines as they come, and once it has kept a ceiling,
 * the run measured against it (the verdict the results then show). Stopped if the screen goes.
 */
export function useCalibration(
	result: SessionResult,
	calibrate: ((client: HttpClientName) => CalibrationRun) | undefined,
): {verdict: CeilingVerdict | undefined; calibration: CalibrationView | undefined; start: () => void; close: () => void} {
	const [verdict, setVerdict] = useState(result.ceiling);
	const [calibration, setCalibration] = useState<CalibrationView | undefined>(undefined);
	useEffect(() => () => calibration?.run.stop(), [calibration?.run]);
	const start = () => {
		if (!calibrate || calibration) return;
		const client = clients.find((name) => name === result.json.httpClient) ?? 'raw';
		const run = calibrate(client);
		setCalibration({run, lines: []});
		run.onLine((line) => setCalibration((shown) => shown && {...shown, lines: [...shown.lines, line]}));
		void run.done.then(({ceiling, problem}) => {
			const measured = ceiling && ceilingVerdictOf(ceiling, result.snapshot.endpoints, result.ceiling?.threads ?? 1);
			if (measured) setVerdict(measured);
			const outcome = measured ? {line: ceilingLine(measured), kept: true} : {line: problem ?? 'calibration failed', kept: false};
			setCalibration((shown) => shown && {...shown, outcome});
		});
	};

	return {verdict, calibration, start, close: () => setCalibration(undefined)};
}
