import {readFileSync} from 'node:fs';
import {parse} from 'csv-parse/sync';

/** A CSV file gatebench wrote, as rows keyed by its header's column names. */
export const readCsv = (path: string): Array<Record<string, string>> => parse(readFileSync(path, 'utf8'), {columns: true}) as Array<Record<string, string>>;
