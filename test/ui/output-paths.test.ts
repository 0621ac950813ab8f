import {describe, expect, it} from 'vitest';
import {consoleOutputs, needsResultsFolder, resultStamp} from '../../source/ui/output-paths.js';

const date = new Date('2026-11-24T10:30:00.123Z');

describe('console output paths', () => {
	it('names files by the UTC start time in ./gatebench-results', () => {
		expect(resultStamp(date)).toBe('20261124T103000Z');
		expect(consoleOutputs({}, date, () => false)).toEqual({
			csv: 'gatebench-results/20261124T103000Z-aggregate.csv',
			requestCsv: 'gatebench-results/20261124T103000Z-requests.csv',
		});
		expect(needsResultsFolder({})).toBe(true);
	});

	it('uses --csv and --request-csv when given, and keeps --json', () => {
		expect(consoleOutputs({csv: 'a.csv', requestCsv: 'r.csv', json: 'o.json'}, date, () => false)).toEqual({csv: 'a.csv', requestCsv: 'r.csv', json: 'o.json'});
		expect(needsResultsFolder({csv: 'a.csv', requestCsv: 'r.csv'})).toBe(false);
		expect(consoleOutputs({csv: 'a.csv'}, date, () => false).requestCsv).toBe('gatebench-results/20261124T103000Z-requests.csv');
	});

	it('never replaces the files of a run in the same second', () => {
		const taken = new Set(['gatebench-results/20261124T103000Z-requests.csv']);
		expect(consoleOutputs({}, date, (path) => taken.has(path))).toEqual({
			csv: 'gatebench-results/20261124T103000Z-2-aggregate.csv',
			requestCsv: 'gatebench-results/20261124T103000Z-2-requests.csv',
		});
	});
});
