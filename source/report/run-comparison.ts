import {sanitize} from '../engine/sanitize.js';
import {type FidelityFlag, type FidelityFlagName, fidelityFlagNames} from '../stats/fidelity-flags.js';
import type {Comparison, ComparisonRow, PercentileDifference, PercentilePair} from '../stats/comparison.js';
import {type PairedFigure, type PairedMetric, pairMetrics, type PairedRow} from '../stats/paired.js';
import {booleanAt, countAt, finiteAt, isObject, type JsonObject, numberAt, objectAt, optionalObjectAt, stringAt} from './run-fields.js';

/** A figure the JSON wrote as null (none to compute) is NaN again, as it was in the run. */
const figureAt = (parent: JsonObject, key: string, where: string): number => (parent[key] === null ? Number.NaN : finiteAt(parent, key, where));

function pairedFigureOf(json: unknown, where: string): PairedFigure {
	const figure = isObject(json) ? json : {};
	return {
		percentile: numberAt(figure, 'percentile', where),
		differenceMs: figureAt(figure, 'differenceMs', where),
		low: figureAt(figure, 'low', where),
		high: figureAt(figure, 'high', where),
		clear: booleanAt(figure, 'clear', where),
	};
}

function pairedMetricOf(json: JsonObject, where: string): PairedMetric {
	const figures = json['figures'];
	return {
		pairs: countAt(json, 'pairs', where),
		slower: countAt(json, 'slower', where),
		faster: countAt(json, 'faster', where),
		kept: countAt(json, 'kept', where),
		figures: Array.isArray(figures) ? figures.map((figure, index) => pairedFigureOf(figure, `${where} figure ${index + 1}`)) : [],
	};
}

function pairedOf(json: JsonObject, name: string, baseline: string, where: string): PairedRow {
	const metrics = objectAt(json, 'metrics', where);
	const read = pairMetrics.flatMap((metric) => {
		const value = optionalObjectAt(metrics, metric, where);
		return value ? [[metric, pairedMetricOf(value, `${where} ${metric}`)] as const] : [];
	});
	return {name, baseline, level: numberAt(json, 'level', where), metrics: Object.fromEntries(read)};
}

function differenceOf(json: JsonObject, where: string): PercentileDifference {
	return {
		baselineMs: figureAt(json, 'baselineMs', where),
		candidateMs: figureAt(json, 'candidateMs', where),
		differenceMs: figureAt(json, 'differenceMs', where),
		low: figureAt(json, 'low', where),
		high: figureAt(json, 'high', where),
		clear: booleanAt(json, 'clear', where),
	};
}

function pairOf(parent: JsonObject, key: string, where: string): PercentilePair | null {
	const pair = optionalObjectAt(parent, key, where);
	return pair && {p50: differenceOf(objectAt(pair, 'p50', where), `${where} p50`), p95: differenceOf(objectAt(pair, 'p95', where), `${where} p95`)};
}

/**
 * The comparison a run computed at its end, as its JSON keeps it (files without one: undefined), so
 * that `report` shows the run's own figures rather than drawing them again. Throws BadRunFile.
 */
/** The flags a row was given (older files have none); unknown names are left out. */
function flagsOf(json: unknown, where: string): FidelityFlag[] {
	if (json === undefined) return [];
	if (!Array.isArray(json)) throw new Error(`${where}: flags must be a list`);
	return json.filter(isObject).flatMap((flag): FidelityFlag[] => {
		const name = flag['flag'];
		const detail = flag['detail'];
		if (!fidelityFlagNames.includes(name as FidelityFlagName) || typeof detail !== 'string') return [];
		return [{flag: name as FidelityFlagName, detail: sanitize(detail, 300)}];
	});
}

export function comparisonOf(json: JsonObject): Comparison | undefined {
	const comparison = optionalObjectAt(json, 'comparison', 'run');
	if (!comparison) return undefined;
	const against = comparison['against'];
	const rows = (Array.isArray(against) ? against : []).filter(isObject).map((row, index): ComparisonRow => {
		const where = `comparison ${index + 1}`;
		const name = sanitize(stringAt(row, 'endpoint', where));
		const baseline = sanitize(stringAt(row, 'baseline', where));
		const unpaired = objectAt(row, 'unpaired', where);
		const paired = optionalObjectAt(row, 'paired', where);
		const withheld = row['withheld'];
		const flags = flagsOf(row['flags'], where);
		return {
			name,
			baseline,
			latency: pairOf(unpaired, 'latency', `${where} latency`),
			ttft: pairOf(unpaired, 'ttft', `${where} TTFT`),
			...(paired ? {paired: pairedOf(paired, name, baseline, `${where} paired`)} : {}),
			...(flags.length > 0 ? {flags} : {}),
			...(typeof withheld === 'string' ? {withheld: sanitize(withheld, 600)} : {}),
		};
	});
	return {paired: booleanAt(comparison, 'paired', 'comparison'), seed: numberAt(comparison, 'seed', 'comparison'), rows};
}
