import type {Judged} from '../table.js';
import {capacityChart, histogramChart, percentileChart, serverChart, timeChart} from './charts.js';
import {html, type Markup, trusted} from './escape.js';
import type {HtmlReport} from './model.js';
import {comparisonSection, errorsSection, resultsTable, swatch, turnsSection, upstreamSection, whatRan} from './sections.js';
import {style} from './style.js';

const figure = (svg: string, caption: string) =>
	html`<figure>
		${trusted(svg)}
		<figcaption>${caption}</figcaption>
	</figure>`;

function legend(names: readonly string[]): Markup {
	return html`<p class="legend">${names.map((name) => html`<span class="entry">${swatch(names, name)}${name}</span>`)}</p>`;
}

function distributions(report: HtmlReport, names: readonly string[]): Markup {
	if (report.metrics.length === 0) return html``;
	return html`<section id="distributions">
		<h2>Distributions</h2>
		<p class="note">
			Read from the HDR histograms. Left: the value at each percentile, on HdrHistogram's "nines" axis (90 %, 99 %, 99.9 % equally spaced), so the tail is as
			wide as the body. Right: the share of requests at each value.
		</p>
		${legend(names)}
		${report.metrics.map(
			(plot) =>
				html`<div class="metric" data-metric="${plot.metric}">
					<h3>${plot.title}</h3>
					<div class="pair">
						${figure(percentileChart(plot, names), `${plot.title} by percentile (ms)`)} ${figure(histogramChart(plot, names), `${plot.title}: histogram`)}
					</div>
				</div>`,
		)}
	</section>`;
}

function overTime(report: HtmlReport, names: readonly string[]): Markup {
	const run = report.overTime;
	if (!run || run.series.every((series) => series.points.length === 0)) return html``;
	return html`<section id="over-time">
		<h2>The run over time</h2>
		<p class="note">
			Second by second since each endpoint's first request. Latency per second is read from coarse buckets (shape, not figures): solid p95, dashed
			p50.${run.marks.length > 0 ? ' Dotted lines: where a phase or step began.' : ''}
		</p>
		${legend(names)}
		<div class="grid">
			${figure(timeChart(run, names, ['completed'], 'requests/s'), 'Requests completed per second')}
			${figure(timeChart(run, names, ['p50Ms', 'p95Ms'], 'latency (ms)'), 'Latency p50 (dashed) and p95 per second')}
			${figure(timeChart(run, names, ['errors'], 'errors/s'), 'Failed requests per second')}
			${figure(timeChart(run, names, ['inFlight'], 'in flight'), 'Requests in flight at the end of each second')}
		</div>
	</section>`;
}

function serverSide(report: HtmlReport): Markup {
	const charts = report.server;
	if (!charts || charts.length === 0) return html``;
	const servers = [...new Set(charts.flatMap((chart) => chart.lines.map((line) => line.server)))];
	return html`<section id="server">
		<h2>The server's side</h2>
		<p class="note">
			What the servers' Prometheus pages said (--metrics-url), scraped about three times a second; the last reading of each second, from the run's start.
		</p>
		${legend(servers)}
		<div class="grid">${charts.map((chart) => figure(serverChart(chart), chart.title))}</div>
	</section>`;
}

function capacity(report: HtmlReport, names: readonly string[]): Markup {
	const found = report.capacity;
	if (!found) return html``;
	return html`<section id="capacity">
		<h2>Capacity</h2>
		<ul class="answers">
			${found.answers.map((answer) => html`<li><strong>${answer.endpoint}</strong>: ${answer.text}</li>`)}
		</ul>
		${legend(names)}
		<div class="grid">
			${figure(capacityChart(found, names, 'slo', found.slo), `${found.slo} at each load (limit dashed)`)}
			${figure(capacityChart(found, names, 'requestsPerSecond', 'requests/s'), 'Requests/s at each load')}
			${figure(capacityChart(found, names, 'goodput', 'goodput (req/s)'), 'Goodput: requests/s that met every SLO')}
		</div>
	</section>`;
}

/**
 * The report as one self-contained page: no script, nothing fetched (the policy forbids both), charts
 * drawn to SVG beforehand, every string from a server or a file escaped.
 */
export function htmlPage(report: HtmlReport, judged: Judged = {}): string {
	const names = report.endpoints.map((stats) => stats.info.name);
	const page = html`<!doctype html>
		<html lang="en">
			<head>
				<meta charset="utf-8" />
				<meta name="viewport" content="width=device-width, initial-scale=1" />
				<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:" />
				<meta name="color-scheme" content="light dark" />
				<meta name="generator" content="gatebench ${report.version}" />
				<title>${report.title}</title>
				<style>
					${trusted(style)}
				</style>
			</head>
			<body>
				<header>
					<h1>${report.title}</h1>
					<p class="note">gatebench ${report.version} · report written ${report.generatedAt.toISOString()}</p>
				</header>
				<main>
					${whatRan(report, names)} ${resultsTable(report.endpoints, judged, names)} ${turnsSection(report.endpoints, names)} ${comparisonSection(report)}
					${upstreamSection(report)} ${capacity(report, names)} ${distributions(report, names)} ${overTime(report, names)} ${serverSide(report)}
					${errorsSection(report.endpoints)}
				</main>
			</body>
		</html> `;
	return page.html;
}
