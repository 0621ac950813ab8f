import {mkdirSync, readFileSync} from 'node:fs';
import {cpus, homedir} from 'node:os';
import {join} from 'node:path';
import type {ClientCeiling} from '../plan/run-plan.js';
import type {HttpClientName} from '../plan/run-plan.js';
import {writeFileAtomic} from './files.js';

/** This machine as a calibration names it: a ceiling measured on other hardware says nothing here. */
export const thisMachine = (): ClientCeiling['machine'] => ({cpu: cpus()[0]?.model.trim() ?? 'unknown', cores: cpus().length});

/** `$XDG_CACHE_HOME/gatebench/calibration.json`, else `~/.cache/gatebench/calibration.json`. */
export function calibrationPath(env: NodeJS.ProcessEnv): string {
	const cache = env['XDG_CACHE_HOME'] || join(env['HOME'] || homedir(), '.cache');
	return join(cache, 'gatebench', 'calibration.json');
}

const isCeiling = (value: unknown): value is ClientCeiling => {
	if (typeof value !== 'object' || value === null) return false;
	const ceiling = value as Record<string, unknown>;
	const machine = ceiling['machine'] as Record<string, unknown> | undefined;
	const positive = (key: string) => typeof ceiling[key] === 'number' && (ceiling[key] as number) > 0 && Number.isFinite(ceiling[key]);
	return (
		positive('requestsPerSecond') &&
		positive('eventsPerSecond') &&
		typeof ceiling['httpClient'] === 'string' &&
		typeof ceiling['measuredAt'] === 'string' &&
		typeof machine?.['cpu'] === 'string' &&
		typeof machine['cores'] === 'number'
	);
};

/** Every calibration kept (one per machine and client); a missing or damaged file keeps none. */
function readAll(path: string): ClientCeiling[] {
	try {
		const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
		const list = typeof parsed === 'object' && parsed !== null ? (parsed as {calibrations?: unknown}).calibrations : undefined;
		return Array.isArray(list) ? list.filter(isCeiling) : [];
	} catch {
		return [];
	}
}

const sameMachine = (ceiling: ClientCeiling, machine: ClientCeiling['machine']) =>
	ceiling.machine.cpu === machine.cpu && ceiling.machine.cores === machine.cores;

/** The ceiling measured for this client on this machine, if one was. */
export function readCeiling(env: NodeJS.ProcessEnv, httpClient: HttpClientName): ClientCeiling | undefined {
	const machine = thisMachine();
	return readAll(calibrationPath(env)).find((ceiling) => ceiling.httpClient === httpClient && sameMachine(ceiling, machine));
}

/** Keeps `ceiling`, replacing the one of the same client on the same machine; returns the file's path. */
export function keepCeiling(env: NodeJS.ProcessEnv, ceiling: ClientCeiling): string {
	const path = calibrationPath(env);
	const others = readAll(path).filter((kept) => !(kept.httpClient === ceiling.httpClient && sameMachine(kept, ceiling.machine)));
	mkdirSync(join(path, '..'), {recursive: true});
	writeFileAtomic(path, JSON.stringify({calibrations: [...others, ceiling]}, null, 2) + '\n');
	return path;
}
