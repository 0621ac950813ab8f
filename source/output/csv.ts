import {createRequire} from 'node:module';
import type * as Sync from 'csv-stringify/sync';

// Loaded when the first rows are written (the ESM build takes ~20 ms of start-up; its CommonJS one is required at once).
const require = createRequire(import.meta.url);
let sync: typeof Sync | undefined;
const stringify: typeof Sync.stringify = (rows, options) => (sync ??= require('csv-stringify/sync') as typeof Sync).stringify(rows, options);

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
