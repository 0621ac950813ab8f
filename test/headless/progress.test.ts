import {describe, expect, it} from 'vitest';
import {progressLine} from '../../source/headless/progress-line.js';
import {makeSnapshot} from '../helpers/drafts.js';

describe('the headless progress line', () => {
	it('tells where the run is, and flags a client that limits the numbers', () => {
		const plain = progressLine(makeSnapshot(1)) ?? '';
		expect(plain).toMatch(/^\[2\/7\] http\(s\): gateway {2}500\/1000 \(50%\) {2}100\.0 req\/s {2}p50 10\.50 ms {2}2 failed {2}5\.0 s$/);
		const snapshot = makeSnapshot(1, {clientWarning: "client busy: gatebench's event loop was busy 95% of the time"});
		expect(progressLine(snapshot)).toBe(`${plain}  ⚠ client busy`);
		expect(progressLine({...snapshot, current: null})).toBeUndefined();
	});
});
