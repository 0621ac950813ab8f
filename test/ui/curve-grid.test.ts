import {describe, expect, it} from 'vitest';
import {curveGrid, stretch} from '../../source/ui/components/curve-grid.js';

const text = (lines: ReturnType<typeof curveGrid>) => lines.map((runs) => runs.map((run) => run.text).join(''));
const loads = ['1', '2', '4', '8', '16'];
const whole = (value: number) => value.toFixed(0);

describe('curves against load (the sweep screen charts)', () => {
	it('spreads the loads over the width, straight between measured points', () => {
		expect(stretch([1, 3], 3)).toEqual([1, 2, 3]);
		expect(stretch([1, 3, 1], 5)).toEqual([1, 2, 3, 2, 1]);
		expect(stretch([4], 3)).toEqual([4, 4, 4]);
		expect(stretch([1, Number.NaN, 3], 5).map(Number.isNaN)).toEqual([false, true, true, true, false]);
	});

	it('keeps to the width and height, the loads under the plot, the limit dashed at its height', () => {
		const lines = text(curveGrid({series: [[100, 102, 110, 180, 400]], limit: 150, width: 60, height: 10, xLabels: loads, format: whole}));
		expect(lines).toHaveLength(11);
		for (const line of lines) expect(line.length).toBeLessThanOrEqual(60);
		expect(lines.at(-1)?.trim().split(/\s+/)).toEqual(loads);
		// 0 at the bottom, the top a little over the highest value; 150 of ~420 sits about a third of the way up.
		expect(lines[9]).toMatch(/^ +0 ┼/);
		const dashedRow = lines.findIndex((line) => line.includes('┄'));
		expect(dashedRow).toBeGreaterThanOrEqual(5);
		expect(dashedRow).toBeLessThanOrEqual(7);
		// The curve ends at its top-right corner.
		expect(lines[0]?.trimEnd().endsWith('╭')).toBe(true);
	});

	it('tells the series apart cell by cell and leaves out loads a series was not measured at', () => {
		const grid = curveGrid({
			series: [
				[5, 10, 20, 40, 41],
				[Number.NaN, Number.NaN, 60, 61, Number.NaN],
			],
			width: 40,
			height: 6,
			xLabels: loads,
			format: whole,
		});
		const columnsOf = (series: number) =>
			grid.flatMap((runs) => {
				let column = 0;
				return runs.flatMap((run) => {
					const cells = run.series === series ? Array.from({length: run.text.length}, (_, offset) => column + offset) : [];
					column += run.text.length;
					return cells;
				});
			});
		const second = columnsOf(1);
		const first = columnsOf(0);
		// The second series spans only loads 4 to 8: from the middle of the plot to three quarters.
		expect(Math.min(...second)).toBeGreaterThan(Math.min(...first) + 10);
		expect(Math.max(...second)).toBeLessThan(Math.max(...first) - 5);
	});

	it('says it waits while no step has finished', () => {
		expect(text(curveGrid({series: [[]], width: 40, height: 6, xLabels: [], format: whole}))).toEqual(['waiting for the first step…']);
	});
});
