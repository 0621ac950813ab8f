/**
 * `--trace FILE`: a recorded day's requests, replayed at their recorded times. Mooncake's JSONL
 * (`{"timestamp": ms, "input_length", "output_length", "hash_ids": [...]}`, each hash id a block of
 * 512 prompt tokens that requests sharing it share), or a plain JSONL or CSV of time (ms), input
 * tokens and output tokens.
 */
export type TraceRow = {
	/** When it was sent, ms after the trace's first request. */
	readonly atMs: number;
	readonly inputTokens: number;
	readonly outputTokens: number;
	/** Mooncake's prefix blocks: equal ids are equal prompt blocks. */
	readonly hashIds?: readonly number[];
};

export type TraceFormat = 'mooncake' | 'jsonl' | 'csv';

export type Trace = {readonly file: string; readonly format: TraceFormat; readonly rows: readonly TraceRow[]};

/** Tokens of one Mooncake hash block. */
export const traceBlockTokens = 512;

const whole = (value: unknown): number | undefined => (typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined);
const time = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined);

type Raw = {at: number; input: number; output: number; hashIds?: number[]};

function jsonRow(line: unknown): Raw | string {
	if (typeof line !== 'object' || line === null || Array.isArray(line)) return 'expected a JSON object';
	const row = line as Record<string, unknown>;
	const at = time(row['timestamp'] ?? row['time'] ?? row['time_ms']);
	const input = whole(row['input_length'] ?? row['input_tokens']);
	const output = whole(row['output_length'] ?? row['output_tokens']);
	if (at === undefined) return 'needs "timestamp" (ms) or "time"';
	if (input === undefined || input === 0) return 'needs "input_length" (or "input_tokens"): a whole number above 0';
	if (output === undefined || output === 0) return 'needs "output_length" (or "output_tokens"): a whole number above 0';
	const ids = row['hash_ids'];
	if (ids === undefined) return {at, input, output};
	if (!Array.isArray(ids) || !ids.every((id) => whole(id) !== undefined)) return '"hash_ids" must be a list of whole numbers';
	return {at, input, output, hashIds: ids as number[]};
}

function csvRows(file: string, lines: readonly string[]): Raw[] | string {
	const header = (lines[0] ?? '').split(',').map((name) => name.trim().toLowerCase());
	const column = (...names: string[]) => header.findIndex((name) => names.includes(name));
	const [at, input, output] = [column('timestamp', 'time', 'time_ms'), column('input_length', 'input_tokens'), column('output_length', 'output_tokens')];
	if (at < 0 || input < 0 || output < 0) return `${file}: a CSV trace needs a header naming timestamp (ms), input_tokens and output_tokens`;
	const rows: Raw[] = [];
	for (const [index, line] of lines.slice(1).entries()) {
		if (line.trim() === '') continue;
		const cells = line.split(',').map((cell) => Number(cell.trim()));
		const row = jsonRow({timestamp: cells[at], input_tokens: cells[input], output_tokens: cells[output]});
		if (typeof row === 'string') return `${file}:${index + 2}: ${row}`;
		rows.push(row);
	}

	return rows;
}

/** A trace file's rows, in time order from 0; or one line saying what is wrong and where. */
export function parseTrace(file: string, content: string): Trace | string {
	const lines = content.split(/\r?\n/);
	const first = lines.find((line) => line.trim() !== '') ?? '';
	let raw: Raw[] = [];
	let format: TraceFormat;
	if (first.trimStart().startsWith('{')) {
		for (const [index, line] of lines.entries()) {
			if (line.trim() === '') continue;
			let parsed: unknown;
			try {
				parsed = JSON.parse(line);
			} catch {
				return `${file}:${index + 1}: not JSON (one object per line)`;
			}

			const row = jsonRow(parsed);
			if (typeof row === 'string') return `${file}:${index + 1}: ${row}`;
			raw.push(row);
		}

		format = raw.some((row) => row.hashIds !== undefined) ? 'mooncake' : 'jsonl';
	} else {
		const rows = csvRows(file, lines);
		if (typeof rows === 'string') return rows;
		raw = rows;
		format = 'csv';
	}

	if (raw.length === 0) return `${file}: no requests in the trace`;
	// Recorded in order as a rule; a trace merged from several sources may not be.
	raw.sort((a, b) => a.at - b.at);
	const start = raw[0]?.at ?? 0;
	return {
		file,
		format,
		rows: raw.map((row) => ({atMs: row.at - start, inputTokens: row.input, outputTokens: row.output, ...(row.hashIds ? {hashIds: row.hashIds} : {})})),
	};
}
