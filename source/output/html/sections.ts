import {ceilingLine, ceilingWarning} from '../../stats/ceiling-share.js';
import type {EndpointStats} from '../../stats/endpoint-stats.js';
import type {Distribution} from '../../stats/histogram.js';
import type {ComparisonRow, PercentileDifference} from '../../stats/comparison.js';
import type {PairedFigure, PairedMetric} from '../../stats/paired.js';
import {flagText} from '../../stats/fidelity-flags.js';
import {cancelledAverages, comparisonCells, type Judged} from '../table.js';
import {colourScale} from './charts.js';
import {html, type Markup} from './escape.js';
import type {HtmlReport, RanRun} from './model.js';

const fixed = (value: number, digits = 2) => (Number.isFinite(value) ? value.toFixed(digits) : '-');
const when = (date: Date) =>
	date
		.toISOString()
		.replace('T', ' ')
		.replace(/\.\d+Z$/, ' UTC');
const seconds = (ms: number) => `${fixed(ms / 1000, 1)} s`;

/** A table with its header row, in a box that scrolls sideways on a narrow screen. */
function table(headers: readonly string[], rows: readonly Markup[], attributes: {readonly id?: string; readonly className?: string} = {}): Markup {
	return html`<div class="scroll">
		<table id="${attributes.id ?? ''}" class="${attributes.className ?? ''}">
			<thead>
				<tr>
					${headers.map((title) => html`<th>${title}</th>`)}
				</tr>
			</thead>
			<tbody>
				${rows}
			</tbody>
		</table>
	</div>`;
}

/** A coloured square before an endpoint's name: its colour in every chart. */
export function swatch(names: readonly string[], name: string): Markup {
	const {range} = colourScale(names);
	const colour = range[names.indexOf(name)] ?? '#888';
	return html`<span class="swatch" style="background:${colour}"></span>`;
}

function loadText(run: RanRun): string {
	const {load} = run;
	const parts = [
		load.requests === undefined ? undefined : `${load.requests} requests`,
		load.durationMs === undefined ? undefined : `for ${seconds(load.durationMs)}`,
		`${load.concurrency} in flight at most`,
		load.rate === undefined ? undefined : `${load.rate} requests/s (${load.arrival ?? 'constant'} arrivals)`,
		load.warmup ? `${load.warmup} warm-up` : undefined,
		load.seed === undefined ? undefined : `seed ${load.seed}`,
	];
	return parts.filter((part) => part !== undefined).join(', ');
}

function runFacts(run: RanRun, many: boolean): Markup {
	const rows: Array<[string, string]> = [
		...(run.search ? ([['Capacity search', run.search]] as Array<[string, string]>) : [['Load', loadText(run)] as [string, string]]),
		['Prompts', run.prompts ? `${run.prompts.file} (${run.prompts.format}, ${run.prompts.count} prompts)` : 'one built-in prompt'],
		['Unique prefix', run.uniquePrefix ? 'yes: no cache could serve a repeat' : 'no'],
		[
			'Client',
			`${run.httpClient}${(run.workers ?? 1) > 1 ? `, ${run.workers} measuring threads` : ''}${run.insecure ? ', certificates NOT checked (--insecure)' : ''}`,
		],
		['Started', when(run.startedAt)],
		['Finished', `${when(run.finishedAt)} (${seconds(run.finishedAt.getTime() - run.startedAt.getTime())})${run.interrupted ? ' — interrupted' : ''}`],
		['Target', run.mock ? 'the built-in mock gateway' : 'servers named below'],
		['gatebench', run.version],
	];
	if (run.machines > 1) rows.push(['Merged', `${run.machines} runs, from ${run.label}`]);
	if (run.ceiling) rows.push(['Client ceiling', ceilingLine(run.ceiling)]);
	if (run.startAt) {
		const late = run.startAt.actual ? `${fixed(run.startAt.actual.getTime() - run.startAt.planned.getTime(), 1)} ms late` : 'no request left';
		rows.push(['Held until', `${when(run.startAt.planned)} (--start-at; the first measured request left ${late})`]);
	}
	if (run.phases.length > 1)
		rows.push([
			'Phases',
			run.phases
				.map((phase) => `${phase.phase}: ${phase.concurrency} in flight${phase.rate === undefined ? '' : `, ${phase.rate}/s`} from ${seconds(phase.atMs)}`)
				.join('; '),
		]);
	const thresholds = run.thresholds.map(
		(threshold) =>
			html`<li class="${threshold.pass ? 'pass' : 'fail'}">
				${threshold.pass ? 'pass' : 'FAIL'} ${threshold.expression} on ${threshold.endpoint}: ${threshold.actual ?? '-'}
			</li>`,
	);
	return html`${many ? html`<h3>${run.label}</h3>` : ''}
		<dl class="facts">
			${rows.map(
				([name, value]) =>
					html`<dt>${name}</dt>
						<dd>${value}</dd>`,
			)}
		</dl>
		${
			thresholds.length > 0
				? html`<h4>Thresholds</h4>
						<ul class="thresholds">
							${thresholds}
						</ul>`
				: ''
		}`;
}

function targets(endpoints: readonly EndpointStats[], names: readonly string[]): Markup {
	const rows = endpoints.map(
		(stats) =>
			html`<tr>
				<td>${swatch(names, stats.info.name)}${stats.info.name}</td>
				<td>${stats.info.pipeline}</td>
				<td>${stats.info.provider ?? stats.info.target}</td>
				<td>${stats.info.stream === null ? '-' : stats.info.stream ? 'yes' : 'no'}</td>
				<td class="url">${stats.info.url}</td>
				<td>${stats.info.protocol ?? (stats.info.url.startsWith('ws') ? 'WebSocket' : 'HTTP/1.1')}</td>
				<td>${stats.info.proxy ?? 'direct'}</td>
			</tr>`,
	);
	return table(['Endpoint', 'Pipeline', 'Provider', 'Stream', 'URL', 'Protocol', 'Proxy'], rows, {className: 'targets'});
}

/** `--turns`: each endpoint's first turns beside its later ones, where a prefix cache shows; nothing for other runs. */
export function turnsSection(endpoints: readonly EndpointStats[], names: readonly string[]): Markup {
	const withTurns = endpoints.filter((stats) => stats.turns);
	if (withTurns.length === 0) return html``;
	const figure = (distribution: Distribution | null, pick: 'p50' | 'p95') => (distribution ? fixed(distribution[pick]) : '-');
	const rows = withTurns.flatMap((stats) =>
		(['first', 'later'] as const).map((side) => {
			const turn = stats.turns?.[side];
			return html`<tr>
				<th scope="row">${swatch(names, stats.info.name)}${stats.info.name}</th>
				<td>${side === 'first' ? 'first' : 'later'}</td>
				<td>${turn?.requests ?? 0}</td>
				<td>${figure(turn?.latency ?? null, 'p50')}</td>
				<td>${figure(turn?.latency ?? null, 'p95')}</td>
				<td>${figure(turn?.ttft ?? null, 'p50')}</td>
				<td>${figure(turn?.ttft ?? null, 'p95')}</td>
				<td>${turn?.inputTokens ?? 0}</td>
				<td>${turn?.cachedTokens ?? 0}</td>
				<td>${turn?.cacheHitRate === null || turn?.cacheHitRate === undefined ? '-' : `${fixed(turn.cacheHitRate, 1)} %`}</td>
			</tr>`;
		}),
	);
	return html`<section id="turns">
		<h2>Turns</h2>
		<p class="note">
			Conversations (<code>--turns</code>): each session's first turn against its later ones, which carry the conversation so far. Times in ms; what a prefix
			cache buys shows as later turns' TTFT and the share of their input read from the cache.
		</p>
		${table(['Endpoint', 'Turns', 'Requests', 'Latency P50', 'Latency P95', 'TTFT P50', 'TTFT P95', 'Input tokens', 'Cached', 'From the cache'], rows, {
			id: 'turns-table',
			className: 'numbers',
		})}
	</section>`;
}

function warnings(endpoints: readonly EndpointStats[], runs: readonly RanRun[]): Markup {
	const found = [
		...endpoints.flatMap((stats) => stats.selfCheck.warnings.map((warning) => html`<li>${stats.info.name}: ${warning}</li>`)),
		...runs.flatMap((run) => (run.ceiling ? [ceilingWarning(run.ceiling)] : [])).flatMap((warning) => (warning ? [html`<li>${warning}</li>`] : [])),
	];
	return found.length === 0
		? html`<p class="ok">Self-check: the client kept up (no warnings).</p>`
		: html`<div class="warning">
				<strong>Self-check: the client, not the server, may have limited these numbers.</strong>
				<ul>
					${found}
				</ul>
			</div>`;
}

export function whatRan(report: HtmlReport, names: readonly string[]): Markup {
	const many = report.runs.length > 1;
	return html`<section id="what-ran">
		<h2>What ran</h2>
		${report.runs.map((run) => runFacts(run, many))} ${targets(report.endpoints, names)} ${warnings(report.endpoints, report.runs)}
	</section>`;
}

/** The end-of-run table, cell for cell (ms, two decimals), best and worst coloured where the difference is clear. */
export function resultsTable(endpoints: readonly EndpointStats[], judged: Judged, names: readonly string[]): Markup {
	const {header, rows} = comparisonCells(endpoints, judged);
	const body = rows.map(
		(cells, row) =>
			html`<tr>
				${cells.map((cell, index) =>
					index === 0
						? html`<th scope="row">${swatch(names, endpoints[row]?.info.name ?? '')}${cell.text}</th>`
						: html`<td class="${cell.tone}" data-column="${header[index]}">${cell.text}</td>`,
				)}
			</tr>`,
	);
	const throughput = endpoints.map(
		(stats) =>
			html`<tr>
				<th scope="row">${swatch(names, stats.info.name)}${stats.info.name}</th>
				<td data-column="Requests/s">${fixed(stats.requestsPerSecond)}</td>
				<td>${fixed(stats.sendRate)}</td>
				<td>${stats.outputTokens ? fixed(stats.outputTokens.perSecond, 1) : '-'}</td>
				<td>${stats.outputTokens ? fixed(stats.outputTokens.inputPerSecond, 1) : '-'}</td>
				<td>${stats.interToken ? fixed(stats.interToken.p50) : '-'}</td>
				<td>${stats.interToken ? fixed(stats.interToken.p99) : '-'}</td>
				<td>${stats.tpot ? fixed(stats.tpot.p50) : '-'}</td>
				<td>${stats.failed}</td>
			</tr>`,
	);
	return html`<section id="results">
		<h2>Results</h2>
		<p class="note">Times in ms. Green is best and red worst where a bootstrap shows the difference is clear.</p>
		${table(header, body, {id: 'results-table', className: 'numbers'})}
		${table(['Endpoint', 'Requests/s', 'Sent/s', 'Output tok/s', 'Input tok/s', 'ITL P50', 'ITL P99', 'TPOT P50', 'Failed'], throughput, {
			id: 'throughput-table',
			className: 'numbers',
		})}
	</section>`;
}

/** A difference with its interval, paired or not: coloured only where the interval says it is clear. */
const difference = (value: Pick<PercentileDifference | PairedFigure, 'differenceMs' | 'low' | 'high' | 'clear'> | undefined) =>
	value
		? html`<td class="${value.clear ? (value.differenceMs > 0 ? 'bad' : 'good') : 'plain'}">
				${value.differenceMs > 0 ? '+' : ''}${fixed(value.differenceMs)} <span class="ci">[${fixed(value.low)}, ${fixed(value.high)}]</span>
			</td>`
		: html`<td>-</td>`;

const share = (metric: PairedMetric | undefined) => (metric ? `${metric.slower}/${metric.pairs}` : '-');

/** What each endpoint was flagged for against the baseline (docs/comparing.md), and a verdict withheld; nothing when none was. */
function flagsList(rows: readonly ComparisonRow[]): Markup {
	const flagged = rows.filter((row) => (row.flags ?? []).length > 0);
	if (flagged.length === 0) return html``;
	const items = flagged.map(
		(row) =>
			html`<li>
				<strong>${row.name}</strong>:
				${(row.flags ?? []).map(flagText).join('; ')}${row.withheld ? html` <em>— verdict withheld: it did not deliver what the baseline did</em>` : html``}
			</li>`,
	);
	return html`<h3>Flags</h3>
		<ul class="flags">
			${items}
		</ul>`;
}

/** An interleaved run's comparison: the percentiles of the per-pair differences, as the run printed them. */
function pairedSection(rows: readonly ComparisonRow[]): Markup {
	const level = rows.find((row) => row.paired)?.paired?.level ?? 0.95;
	// A witnessed run: the first token's way from the upstream's write to the client, net of the upstream's pace.
	const witnessed = rows.some((row) => row.paired?.metrics.firstToken);
	const body = rows.map((row) => {
		const {latency, ttft, firstToken} = row.paired?.metrics ?? {};
		return html`<tr>
			<th scope="row">${row.name}</th>
			<td>${row.baseline}</td>
			${difference(latency?.figures[0])}${difference(latency?.figures[2])}
			<td>${share(latency)}</td>
			${difference(ttft?.figures[0])}${difference(ttft?.figures[2])}
			<td>${share(ttft)}</td>
			${witnessed ? html`${difference(firstToken?.figures[0])}${difference(firstToken?.figures[2])}` : html``}
		</tr>`;
	});
	const columns = ['Endpoint', 'Baseline', 'Latency p50', 'Latency p99', 'Slower (latency)', 'TTFT p50', 'TTFT p99', 'Slower (TTFT)'];
	return html`<section id="comparison">
		<h2>Against the baseline, pair by pair</h2>
		<p class="note">
			Request i of each endpoint against request i of the first, sent in the same round: the p50 and p99 of the per-pair differences (candidate − baseline, ms),
			each with a ${fixed(level * 100)} % interval (so that all of one endpoint's figures hold together 95 % of the time), and the pairs in which it was slower.
			The p99 of differences is not the difference of the p99s. Coloured only where the interval leaves out zero.
		</p>
		${
			witnessed
				? html`<p class="note">
						First token: from the upstream's write of the first token to its arrival at the client, from its record: what the path added to TTFT, net of the
						upstream's own pace.
					</p>`
				: html``
		}
		${table(witnessed ? [...columns, 'First token p50', 'First token p99'] : columns, body, {className: 'numbers'})} ${flagsList(rows)}
	</section>`;
}

export function comparisonSection(report: HtmlReport): Markup {
	if (report.comparison.length === 0) return html``;
	if (report.comparison.some((row) => row.paired)) return pairedSection(report.comparison);
	const rows = report.comparison.map(
		(row) =>
			html`<tr>
				<th scope="row">${row.name}</th>
				<td>${row.baseline}</td>
				${difference(row.latency?.p50)}${difference(row.latency?.p95)}${difference(row.ttft?.p50)}${difference(row.ttft?.p95)}
			</tr>`,
	);
	return html`<section id="comparison">
		<h2>Against the baseline</h2>
		<p class="note">
			Unpaired: each endpoint's percentile minus the first's, ms, with a bootstrap 95 % confidence interval. Coloured only where the interval leaves out zero.
		</p>
		${table(['Endpoint', 'Baseline', 'Latency P50', 'Latency P95', 'TTFT P50', 'TTFT P95'], rows, {className: 'numbers'})} ${flagsList(report.comparison)}
	</section>`;
}

/** An overhead run: what the upstream saw of each path's requests, its faults' fate, what gateways said of themselves. */
export function upstreamSection(report: HtmlReport): Markup {
	const {upstream} = report;
	if (!upstream) return html``;
	if (upstream.failure !== undefined)
		return html`<section id="upstream">
			<h2>What the upstream saw</h2>
			<p class="note">The upstream's record could not be read: ${upstream.failure}</p>
		</section>`;
	const items = upstream.entries.map(
		(entry) =>
			html`<li>
				<strong>${entry.name}</strong>: ${entry.summary}
				${
					entry.notes.length > 0
						? html`<ul>
								${entry.notes.map((note) => html`<li>${note}</li>`)}
							</ul>`
						: html``
				}
			</li>`,
	);
	return html`<section id="upstream">
		<h2>What the upstream saw</h2>
		<p class="note">
			From the upstream's own record of each request (ms; in parentheses, the difference from the first, the direct path): from the client's send to its
			receipt, from the write of each token to its arrival at the client, the connections and attempts that reached it, what arrived, and what became of the
			failures it injected (docs/gateways.md).
		</p>
		<ul class="upstream">
			${items}
		</ul>
	</section>`;
}

export function errorsSection(endpoints: readonly EndpointStats[]): Markup {
	const rows = endpoints.flatMap((stats) => [
		...Object.entries(stats.errors).map(
			([kind, count]) =>
				html`<tr>
					<td>${stats.info.name}</td>
					<td>${kind}</td>
					<td class="count">${count}</td>
					<td class="sample">${stats.errorSamples[kind] ?? ''}</td>
				</tr>`,
		),
		// Requests given up on purpose (--cancel-rate): not failures, listed beside them.
		...(stats.cancelled
			? [
					html`<tr>
						<td>${stats.info.name}</td>
						<td>cancelled on purpose</td>
						<td class="count">${stats.cancelled.requests}</td>
						<td class="sample">${cancelledAverages(stats.cancelled)}</td>
					</tr>`,
				]
			: []),
	]);
	return html`<section id="errors">
		<h2>Errors</h2>
		${rows.length === 0 ? html`<p class="ok">No request failed.</p>` : table(['Endpoint', 'Kind', 'Count', 'First message'], rows)}
	</section>`;
}
