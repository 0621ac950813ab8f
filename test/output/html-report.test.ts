import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {parseHTML} from 'linkedom';
import {describe, expect, it} from 'vitest';
import {fastMock, runCli} from '../helpers/cli.js';
import {comparisonRun, type EndpointJson, hostileName} from '../helpers/html-run.js';
import {tempDirPerTest} from '../helpers/temp.js';

const tempDir = tempDirPerTest();
/** Plot's charts (its legends' swatches are small SVGs too). */
type Node = ReturnType<ReturnType<typeof parseHTML>['document']['querySelector']>;
const charts = (parent: Node | undefined) => [...(parent?.querySelectorAll('svg') ?? [])].filter((svg) => svg.getAttribute('viewBox'));

const numberIn = (text: string | null | undefined) => Number((text ?? '').replace(/[^\d.-]/g, ''));

describe('the HTML report', () => {
	it('draws a percentile plot per metric with a line per endpoint, a table equal to the JSON, and names no external URL', async () => {
		const dir = tempDir();
		const {result, json, html} = await comparisonRun(dir);
		expect(result.stderr).not.toMatch(/error|at .*\.js:\d+/i);
		expect(result.code).toBe(0);
		expect(result.stderr).toContain(`saved ${html}`);
		const run = JSON.parse(readFileSync(json, 'utf8')) as {endpoints: EndpointJson[]};
		const page = readFileSync(html, 'utf8');
		const {document} = parseHTML(page);

		// One plot per time metric the JSON has a histogram for, each with one line per endpoint.
		const plotted = ['latency', 'corrected', 'ttfb', 'ttft', 'ttfa', 'interToken', 'tpot', 'connect'];
		const expected = plotted.filter((metric) => run.endpoints.some((endpoint) => endpoint.histograms[metric] !== undefined));
		const metrics = [...document.querySelectorAll('.metric')];
		expect(metrics.map((metric) => metric.getAttribute('data-metric'))).toEqual(expected);
		expect(expected).toEqual(expect.arrayContaining(['latency', 'ttfb', 'ttft', 'interToken', 'tpot']));
		for (const metric of metrics) {
			const [percentiles, histogram] = charts(metric);
			const withMetric = run.endpoints.filter((endpoint) => endpoint.histograms[metric.getAttribute('data-metric') ?? ''] !== undefined).length;
			const lines = percentiles?.querySelectorAll('g[aria-label="line"] path') ?? [];
			expect(lines.length, metric.getAttribute('data-metric') ?? '').toBe(withMetric);
			for (const line of lines) expect(line.getAttribute('d')).toMatch(/^M[\d.-]+,[\d.-]+L/);
			expect(histogram?.querySelectorAll('g[aria-label="rect"] rect').length).toBeGreaterThan(0);
		}

		// The table's figures are the JSON's (ms, two decimals).
		const rows = [...document.querySelectorAll('#results-table tbody tr')];
		expect(rows).toHaveLength(2);
		for (const [index, row] of rows.entries()) {
			const endpoint = run.endpoints[index];
			expect(row.querySelector('th')?.textContent).toBe(endpoint?.name);
			// Both rounded from one figure, the page to two decimals and the JSON to three: half a unit of each apart at most
			// (34.3354 shows as 34.34 beside the JSON's 34.335).
			const expectCell = (column: string, json: number | undefined) => {
				const shown = numberIn(row.querySelector(`td[data-column="${column}"]`)?.textContent);
				expect(Math.abs(shown - (json ?? Number.NaN)), `${column}: ${shown} beside ${json}`).toBeLessThanOrEqual(0.005 + 0.0005 + 1e-9);
			};

			expectCell('Median', endpoint?.latencyMs['p50']);
			expectCell('P95', endpoint?.latencyMs['p95']);
			expectCell('P99', endpoint?.latencyMs['p99']);
			expectCell('TTFT P50', endpoint?.ttftMs?.['p50']);
		}

		// Errors by kind, with a message.
		const failed = run.endpoints.flatMap((endpoint) => Object.entries(endpoint.errors).map(([kind, count]) => `${endpoint.name}|${kind}|${count}`));
		const errorRows = [...document.querySelectorAll('#errors tbody tr')].map((row) =>
			[...row.querySelectorAll('td')]
				.slice(0, 3)
				.map((cell) => cell.textContent)
				.join('|'),
		);
		expect(failed.length).toBeGreaterThan(0);
		expect(errorRows.sort()).toEqual(failed.sort());
		expect(document.querySelector('#errors td.sample')?.textContent).not.toBe('');

		// Offline: no script, nothing to fetch, and the only addresses are this machine's.
		expect(document.querySelectorAll('script, link, img, iframe, object, embed')).toHaveLength(0);
		const fetching = [...document.querySelectorAll('*')].flatMap((element) =>
			['src', 'href', 'xlink:href', 'srcset', 'action'].filter((name) => element.hasAttribute(name)),
		);
		expect(fetching).toEqual([]);
		expect(page).not.toMatch(/url\(|@import/i);
		for (const address of page.match(/\b[a-z]+:\/\/[^\s"'<]+/gi) ?? []) expect(address).toMatch(/^(https?|wss?):\/\/127\.0\.0\.1[:/]|^http:\/\/www\.w3\.org\//);

		// Markup in names is text.
		expect(page).not.toContain(hostileName);
		expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;');
		expect(document.querySelector('#results-table tbody th')?.textContent).toBe(hostileName);
		expect(document.querySelectorAll('b')).toHaveLength(0);
	});

	it('reports saved runs side by side and merged, and refuses a bad destination in one line', async () => {
		const dir = tempDir();
		const first = await comparisonRun(dir);
		const secondJson = join(dir, 'second.json');
		const second = await runCli([
			'--no-tui',
			'--pipeline',
			'completions',
			'--provider',
			'anthropic',
			'--stream',
			'--requests',
			'20',
			'-c',
			'2',
			...fastMock,
			'--json',
			secondJson,
		]);
		expect(second.code).toBe(0);

		const sideBySide = join(dir, 'side.html');
		const report = await runCli(['report', '--html', sideBySide, first.json, secondJson]);
		expect(report.code).toBe(0);
		expect(report.stderr).toContain(`saved ${sideBySide}`);
		const {document} = parseHTML(readFileSync(sideBySide, 'utf8'));
		expect(document.querySelectorAll('#results-table tbody tr')).toHaveLength(4);
		expect(document.querySelectorAll('#what-ran h3')).toHaveLength(2);
		expect(charts(document.querySelector('.metric[data-metric="ttft"]'))[0]?.querySelectorAll('g[aria-label="line"] path')).toHaveLength(4);

		// Merged: the same run twice is one endpoint per name, twice the requests.
		const merged = join(dir, 'merged.html');
		expect((await runCli(['report', '--merge', '--html', merged, first.json, first.json])).code).toBe(0);
		const mergedPage = parseHTML(readFileSync(merged, 'utf8')).document;
		const mergedRows = [...mergedPage.querySelectorAll('#results-table tbody tr')];
		expect(mergedRows).toHaveLength(2);
		expect(mergedRows[0]?.querySelector('td[data-column="Success"]')?.textContent).toMatch(/^\d+\/80$/);
		expect(mergedPage.querySelector('#what-ran')?.textContent).toMatch(/Merged\s*2 runs, from run\.json #1, run\.json #2/);

		const again = await runCli(['report', '--html', merged, first.json]);
		expect(again.code).toBe(2);
		expect(again.stderr.trim()).toBe(`gatebench report: --html ${merged}: already exists (pass --overwrite to replace it)`);
		const missing = await runCli(['--no-tui', '--requests', '1', '--html', join(dir, 'nowhere', 'r.html')]);
		expect(missing.code).toBe(2);
		expect(missing.stderr.trim().split('\n')).toHaveLength(1);
	});
});
