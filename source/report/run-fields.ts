/** Small readers for untrusted JSON: each throws a BadRunFile naming the field, caught by readRunFile. */
import type {Distribution} from '../stats/histogram.js';

export type JsonObject = Readonly<Record<string, unknown>>;

export class BadRunFile extends Error {}

export const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

export function objectAt(parent: JsonObject, key: string, where: string): JsonObject {
	const value = parent[key];
	if (!isObject(value)) throw new BadRunFile(`${where}: "${key}" is missing or not an object`);
	return value;
}

/** An object, or null when the field is null or absent. */
export function optionalObjectAt(parent: JsonObject, key: string, where: string): JsonObject | null {
	const value = parent[key];
	if (value === null || value === undefined) return null;
	if (!isObject(value)) throw new BadRunFile(`${where}: "${key}" is not an object`);
	return value;
}

export function numberAt(parent: JsonObject, key: string, where: string): number {
	const value = parent[key];
	if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw new BadRunFile(`${where}: "${key}" is missing or not a non-negative number`);
	return value;
}

/** Any finite number, negative too (a difference). */
export function finiteAt(parent: JsonObject, key: string, where: string): number {
	const value = parent[key];
	if (typeof value !== 'number' || !Number.isFinite(value)) throw new BadRunFile(`${where}: "${key}" is missing or not a number`);
	return value;
}

export function countAt(parent: JsonObject, key: string, where: string): number {
	const value = numberAt(parent, key, where);
	if (!Number.isInteger(value)) throw new BadRunFile(`${where}: "${key}" is not a whole number`);
	return value;
}

export const optionalNumberAt = (parent: JsonObject, key: string, where: string): number | undefined =>
	parent[key] === null || parent[key] === undefined ? undefined : numberAt(parent, key, where);

export function stringAt(parent: JsonObject, key: string, where: string): string {
	const value = parent[key];
	if (typeof value !== 'string') throw new BadRunFile(`${where}: "${key}" is missing or not a string`);
	return value;
}

export function booleanAt(parent: JsonObject, key: string, where: string): boolean {
	const value = parent[key];
	if (typeof value !== 'boolean') throw new BadRunFile(`${where}: "${key}" is missing or not true/false`);
	return value;
}

export function oneOf<T extends string | null>(parent: JsonObject, key: string, allowed: readonly T[], where: string): T {
	const value = parent[key] ?? null;
	const found = allowed.find((candidate) => candidate === value);
	if (found === undefined) throw new BadRunFile(`${where}: "${key}" is not one of ${allowed.map(String).join(', ')}`);
	return found;
}

export function dateAt(parent: JsonObject, key: string, where: string): Date {
	const date = new Date(stringAt(parent, key, where));
	if (Number.isNaN(date.getTime())) throw new BadRunFile(`${where}: "${key}" is not a date`);
	return date;
}

/** A map of names to values of one type, such as error counts or rate-limit headers. */
export function recordAt<T>(parent: JsonObject, key: string, check: (value: unknown) => value is T, where: string): Record<string, T> | null {
	const value = optionalObjectAt(parent, key, where);
	if (!value) return null;
	const entries = Object.entries(value);
	if (!entries.every(([, entry]) => check(entry))) throw new BadRunFile(`${where}: "${key}" has a value of the wrong type`);
	return Object.fromEntries(entries) as Record<string, T>;
}

export const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value >= 0;
export const isString = (value: unknown): value is string => typeof value === 'string';

/** A `times` object of the file as a Distribution (the file keeps no count: `count` is what the caller knows). */
export function distributionAt(parent: JsonObject, key: string, count: number, where: string): Distribution | null {
	const times = optionalObjectAt(parent, key, where);
	if (!times) return null;
	const at = (field: string) => numberAt(times, field, `${where} ${key}`);
	return {
		count,
		avg: at('avg'),
		p5: at('p5'),
		p50: at('p50'),
		p75: at('p75'),
		p80: at('p80'),
		p95: at('p95'),
		p99: at('p99'),
		max: at('max'),
		total: at('total'),
	};
}
