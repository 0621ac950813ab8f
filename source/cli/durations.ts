import {InvalidArgumentError} from 'commander';

const units: Record<string, number> = {us: 0.001, µs: 0.001, ms: 1, s: 1000, m: 60_000, h: 3_600_000};

/** `250ms`, `30s`, `1.5m`, `2h` → ms. A unit is required: a bare number is ambiguous. */
export function parseDurationMs(text: string): number | undefined {
	const match = /^\s*(\d+(?:\.\d+)?)\s*(us|µs|ms|s|m|h)\s*$/.exec(text);
	if (!match) return undefined;
	return Number(match[1]) * (units[match[2] ?? ''] ?? Number.NaN);
}

export function duration(value: string): number {
	const ms = parseDurationMs(value);
	if (ms === undefined) throw new InvalidArgumentError('must be a duration with a unit, e.g. 500ms, 30s, 2m.');
	return ms;
}

export function positiveDuration(value: string): number {
	const ms = duration(value);
	if (ms <= 0) throw new InvalidArgumentError('must be longer than 0.');
	return ms;
}
