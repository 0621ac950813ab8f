import {describe, expect, it} from 'vitest';
import type {JsonSummary} from '../../source/output/json.js';
import {readEndpoint} from '../../source/report/run-endpoint.js';
import type {RunEndpoint} from '../../source/report/run-types.js';
import {runEndpointOfSummary} from '../../source/report/summary-run.js';
import {fastMock, runCli} from '../helpers/cli.js';

/** An endpoint with each histogram told by its count, exact total and max, and three percentiles. */
const comparable = ({metrics, ...rest}: RunEndpoint) => ({
	...rest,
	metrics: Object.fromEntries(
		Object.entries(metrics).map(([name, metric]) => [
			name,
			{
				count: metric.histogram.totalCount,
				totalUs: metric.totalUs,
				maxUs: metric.maxUs,
				percentiles: [50, 95, 99].map((percentile) => metric.histogram.getValueAtPercentile(percentile)),
			},
		]),
	),
});

describe('a run just measured, as the report page takes it', () => {
	it('the typed summary gives the same endpoints as reading its JSON back as a file would', async () => {
		const result = await runCli(['--no-tui', '--pipeline', 'all', '--stream', '-n', '15', '-c', '3', '--probe', '--json', '-', ...fastMock]);
		expect(result.code, result.stderr).toBe(0);
		const summary = JSON.parse(result.stdout) as JsonSummary;
		expect(summary.endpoints.length).toBeGreaterThan(4);
		for (const [index, endpoint] of summary.endpoints.entries()) {
			const typed = comparable(runEndpointOfSummary(endpoint));
			expect(typed).toEqual(comparable(readEndpoint(endpoint, index)));
			expect(Object.keys(typed.metrics).length).toBeGreaterThan(endpoint.stream ? 5 : 0);
		}
	});
});
