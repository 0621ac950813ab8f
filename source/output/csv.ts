import {stringify} from 'csv-stringify/sync';

export type Cell = string | number | boolean | undefined;

/**
 * Quotes as RFC 4180 needs, and neutralises text cells that a spreadsheet would run as a
 * formula (`=`, `+`, `-`, `@`): values such as trace ids and error messages come from servers.
 */
export const csvRows = (rows: readonly (readonly Cell[])[]): string =>
	stringify(rows as Cell[][], {
		cast: {
			string: (value) => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value),
			boolean: (value) => (value ? 'true' : 'false'),
		},
	});

export const fixed2 = (value: number): string => value.toFixed(2);
