import {InvalidArgumentError} from 'commander';

/** Commander argument parsers: a bad value becomes one line of usage error. */
export function positiveInteger(value: string): number {
	const number = Number(value);
	if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(number) || number <= 0) throw new InvalidArgumentError('must be a positive integer.');
	return number;
}

/** A TCP port to listen on: 0 (the system picks a free one) to 65535. */
export function port(value: string): number {
	const number = Number(value);
	if (!/^\d+$/.test(value.trim()) || number > 65_535) throw new InvalidArgumentError('must be a port number from 0 to 65535 (0 picks a free one).');
	return number;
}

export function nonNegativeNumber(value: string): number {
	const number = Number(value);
	if (value.trim() === '' || !Number.isFinite(number) || number < 0) throw new InvalidArgumentError('must be a number ≥ 0.');
	return number;
}

export function fraction(value: string): number {
	const number = nonNegativeNumber(value);
	if (number > 1) throw new InvalidArgumentError('must be between 0 and 1.');
	return number;
}

export function oneOf<T extends string>(choices: readonly T[]): (value: string) => T {
	return (value) => {
		if ((choices as readonly string[]).includes(value)) return value as T;
		throw new InvalidArgumentError(`must be one of ${choices.join(', ')}.`);
	};
}

/** An http(s) proxy URL; credentials in it are allowed (`http://user:pass@proxy:3128`) and never shown. */
export function proxyUrl(value: string): string {
	if (!URL.canParse(value)) throw new InvalidArgumentError('is not a valid URL (expected e.g. http://proxy.internal:3128).');
	const url = new URL(value);
	if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new InvalidArgumentError('must start with http:// or https://.');
	return value;
}

/** An http(s) base URL, returned without a trailing slash. */
export function baseUrl(value: string): string {
	let url: URL;
	try {
		url = new URL(value);
	} catch {
		throw new InvalidArgumentError('is not a valid URL (expected e.g. https://cody-gateway.sourcegraph.com).');
	}

	if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new InvalidArgumentError('must start with http:// or https://.');
	if (url.username || url.password) throw new InvalidArgumentError('must not carry credentials; use --sgd/--sgp.');
	return value.replace(/\/+$/, '');
}

export function positiveNumber(value: string): number {
	const number = Number(value);
	if (value.trim() === '' || !Number.isFinite(number) || number <= 0) throw new InvalidArgumentError('must be a number > 0.');
	return number;
}

export function nonNegativeInteger(value: string): number {
	if (!/^\d+$/.test(value.trim())) throw new InvalidArgumentError('must be a whole number ≥ 0.');
	return Number(value);
}

/** For repeatable options. */
export const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];
