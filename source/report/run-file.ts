import {readFileSync} from 'node:fs';

import type {Arrival, LoadSettings} from '../plan/load-settings.js';
import {sanitize} from '../engine/sanitize.js';
import type {HttpClientName} from '../plan/run-plan.js';
import type {CeilingVerdict} from '../stats/ceiling-share.js';
import type {ServerSeries} from '../stats/server-metrics.js';
import {readEndpoint} from './run-endpoint.js';
import {comparisonOf} from './run-comparison.js';
import type {PhaseStart} from '../stats/phase-tally.js';
import {
	BadRunFile,
	booleanAt,
	countAt,
	dateAt,
	isObject,
	type JsonObject,
	numberAt,
	objectAt,
	oneOf,
	optionalNumberAt,
	optionalObjectAt,
	stringAt,
} from './run-fields.js';
import type {RunFile} from './run-types.js';
import {witnessOf} from './run-witness.js';

export type {RunEndpoint, RunFile, RunMetric} from './run-types.js';

const arrivals: ReadonlyArray<Arrival | null> = ['constant', 'poisson', null];

function loadOf(load: JsonObject): LoadSettings {
	const where = 'load';
	const arrival = oneOf(load, 'arrival', arrivals, where);
	return {
		requests: optionalNumberAt(load, 'requests', where),
		durationMs: optionalNumberAt(load, 'durationMs', where),
		concurrency: numberAt(load, 'concurrency', where),
		rate: optionalNumberAt(load, 'rate', where),
		...(arrival === null ? {} : {arrival}),
		warmup: optionalNumberAt(load, 'warmup', where) ?? 0,
		...(typeof load['seed'] === 'number' ? {seed: load['seed']} : {}),
	};
}

/** Where each phase of a steered run began (files before phases were kept: none). */
function phasesOf(json: JsonObject): PhaseStart[] | undefined {
	const phases = json['phases'];
	if (!Array.isArray(phases)) return undefined;
	return phases.filter(isObject).map((phase, index) => {
		const where = `phase ${index + 1}`;
		const rate = optionalNumberAt(phase, 'rate', where);
		return {
			phase: countAt(phase, 'phase', where),
			concurrency: countAt(phase, 'concurrency', where),
			atMs: numberAt(phase, 'startedAtMs', where),
			...(rate === undefined ? {} : {rate}),
		};
	});
}

function promptsOf(json: JsonObject): RunFile['prompts'] {
	const prompts = optionalObjectAt(json, 'prompts', 'run');
	if (!prompts) return undefined;
	return {
		file: sanitize(stringAt(prompts, 'file', 'prompts'), 400),
		format: sanitize(stringAt(prompts, 'format', 'prompts')),
		count: countAt(prompts, 'count', 'prompts'),
	};
}

/** `--start-at`: the planned start and when the first measured request left (files without it: none). */
function startAtOf(json: JsonObject): RunFile['startAt'] {
	const startAt = optionalObjectAt(json, 'startAt', 'run');
	if (!startAt) return undefined;
	const actual = startAt['actual'];
	return {planned: dateAt(startAt, 'planned', 'startAt'), actual: typeof actual === 'string' ? dateAt(startAt, 'actual', 'startAt') : null};
}

/** Each threshold as written: its expression, the endpoint, the figure and whether it passed. */
function thresholdsOf(json: JsonObject): RunFile['thresholds'] {
	const thresholds = json['thresholds'];
	if (!Array.isArray(thresholds)) return [];
	return thresholds.filter(isObject).map((threshold) => ({
		expression: sanitize(String(threshold['expression'] ?? '')),
		endpoint: sanitize(String(threshold['endpoint'] ?? '')),
		actual: typeof threshold['actual'] === 'number' ? threshold['actual'] : null,
		pass: threshold['pass'] === true,
	}));
}

/** A run's JSON already parsed (a run just finished, or a file): checked as a file is. Throws BadRunFile. */
const withWitness = (witness: RunFile['witness']) => (witness ? {witness} : {});

/** `serverMetrics`: each server's series of numbers (or nulls), names and addresses made safe to show; anything malformed left out. */
function serverMetricsOf(json: JsonObject): {serverMetrics?: ServerSeries[]} {
	const list = json['serverMetrics'];
	if (!Array.isArray(list)) return {};
	const count = (value: unknown) => (typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : 0);
	const servers = list.filter(isObject).map((server) => {
		const raw = isObject(server['series']) ? server['series'] : {};
		const series = Object.fromEntries(
			Object.entries(raw)
				.filter((entry): entry is [string, unknown[]] => Array.isArray(entry[1]))
				.map(([name, values]) => [sanitize(name, 120), values.map((value) => (typeof value === 'number' && Number.isFinite(value) ? value : null))]),
		);
		return {
			url: sanitize(String(server['url'] ?? ''), 200),
			endpoint: typeof server['endpoint'] === 'number' && Number.isInteger(server['endpoint']) ? server['endpoint'] : null,
			scrapes: count(server['scrapes']),
			failures: count(server['failures']),
			lastError: typeof server['lastError'] === 'string' ? sanitize(server['lastError'], 200) : null,
			series,
		};
	});
	return servers.length > 0 ? {serverMetrics: servers} : {};
}

/** `clientCeiling`, when the file has a well-formed one (older files have none; a damaged one is left out). */
function ceilingOf(json: JsonObject): {ceiling?: CeilingVerdict} {
	const verdict = json['clientCeiling'];
	if (!isObject(verdict)) return {};
	const kept = verdict['ceiling'];
	const machine = isObject(kept) ? kept['machine'] : undefined;
	const positive = (parent: JsonObject, key: string) => typeof parent[key] === 'number' && Number.isFinite(parent[key]) && parent[key] >= 0;
	if (!positive(verdict, 'requestsPerSecond') || !positive(verdict, 'eventsPerSecond')) return {};
	const ceiling =
		isObject(kept) && isObject(machine) && positive(kept, 'requestsPerSecond') && positive(kept, 'eventsPerSecond')
			? {
					requestsPerSecond: kept['requestsPerSecond'] as number,
					eventsPerSecond: kept['eventsPerSecond'] as number,
					eventsAtLeast: kept['eventsAtLeast'] === true,
					httpClient: sanitize(String(kept['httpClient'] ?? '')) as HttpClientName,
					measuredAt: sanitize(String(kept['measuredAt'] ?? ''), 40),
					...(typeof kept['timingErrorMs'] === 'number' && Number.isFinite(kept['timingErrorMs']) ? {timingErrorMs: kept['timingErrorMs']} : {}),
					machine: {cpu: sanitize(String(machine['cpu'] ?? ''), 120), cores: typeof machine['cores'] === 'number' ? machine['cores'] : 0},
					node: sanitize(String(kept['node'] ?? ''), 40),
					version: sanitize(String(kept['version'] ?? ''), 40),
				}
			: null;
	return {
		ceiling: {
			ceiling,
			share: ceiling && typeof verdict['share'] === 'number' && Number.isFinite(verdict['share']) ? verdict['share'] : null,
			requestsPerSecond: verdict['requestsPerSecond'] as number,
			eventsPerSecond: verdict['eventsPerSecond'] as number,
			threads: typeof verdict['threads'] === 'number' && verdict['threads'] >= 1 ? Math.floor(verdict['threads']) : 1,
		},
	};
}

export function runOf(path: string, json: unknown): RunFile {
	if (!isObject(json) || !Array.isArray(json['endpoints'])) throw new BadRunFile('not a gatebench run file (no "endpoints" list)');
	const where = 'run';
	const startedAt = dateAt(json, 'startedAt', where);
	const finishedAt = dateAt(json, 'finishedAt', where);
	return {
		path,
		version: stringAt(json, 'version', where),
		startedAt,
		finishedAt: finishedAt < startedAt ? startedAt : finishedAt,
		interrupted: booleanAt(json, 'interrupted', where),
		mock: booleanAt(json, 'mock', where),
		httpClient: stringAt(json, 'httpClient', where),
		workers: typeof json['workers'] === 'number' && json['workers'] >= 1 ? Math.floor(json['workers']) : 1,
		insecure: json['insecure'] === true,
		load: loadOf(objectAt(json, 'load', where)),
		phases: phasesOf(json),
		prompts: promptsOf(json),
		uniquePrefix: json['uniquePrefix'] === true,
		startAt: startAtOf(json),
		thresholds: thresholdsOf(json),
		machines: json['machines'] === undefined ? 1 : Math.max(countAt(json, 'machines', where), 1),
		endpoints: json['endpoints'].map((endpoint: unknown, index) => readEndpoint(endpoint, index)),
		comparison: comparisonOf(json),
		...withWitness(witnessOf(json)),
		...ceilingOf(json),
		...serverMetricsOf(json),
	};
}

function lineAndColumn(text: string, position: number): string {
	const before = text.slice(0, position).split('\n');
	return `line ${before.length}, column ${(before.at(-1)?.length ?? 0) + 1}`;
}

const reason = (error: unknown) => (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';

/**
 * Reads and checks a `--json` run file, histograms decoded. Never throws: an unreadable file,
 * bad JSON or a missing or malformed field comes back as one line naming the file.
 */
export function readRunFile(path: string): RunFile | string {
	const result = attempt(path);
	return typeof result === 'string' ? sanitize(result, 400) : result;
}

function attempt(path: string): RunFile | string {
	let text: string;
	try {
		text = readFileSync(path, 'utf8');
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		return `${path}: cannot read (${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : reason(error)})`;
	}

	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch (error) {
		// Not the parser's message: it quotes the file, which may be anything (a file of secrets given by mistake).
		const position = /at position (\d+)/.exec(reason(error))?.[1];
		return `${path}: not JSON${position === undefined ? '' : ` (${lineAndColumn(text, Number(position))})`}`;
	}

	try {
		return runOf(path, json);
	} catch (error) {
		return `${path}: ${reason(error)}`;
	}
}
