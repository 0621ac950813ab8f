import {closeSync, openSync, writeSync} from 'node:fs';
import type {EndpointInfo, Sample} from '../engine/endpoint.js';
import {recordedHeaderNames} from '../targets/server-headers.js';
import {type Cell, csvRows, fixed2} from './csv.js';

export const requestCsvHeader = [
	'Endpoint',
	'Duration (ms)',
	'Trace ID',
	'Sequence',
	'Start Offset (ms)',
	'Status',
	'Outcome',
	'Retried',
	'Connection Reused',
	'DNS (ms)',
	'Connect (ms)',
	'TLS (ms)',
	'TTFB (ms)',
	'TTFT (ms)',
	'TTFA (ms)',
	'Output Tokens',
	'Reasoning Tokens',
	'Input Tokens',
	'Cache Read Tokens',
	'Cache Write Tokens',
	'Tokens Estimated',
	'Bytes',
	'Error',
	'X-Trace',
	'Request ID',
	'Resolved Model',
	'Gateway Overhead (ms)',
	'Phase',
	'Prompt ID',
	'Requested Output Tokens',
	'Input Tokens Counted',
	'Session',
	'Turn',
];

const ms = (us: number | undefined): Cell => (us === undefined ? '' : fixed2(us / 1000));

/** The recorded reply headers' columns, after the fixed ones. */
export const recordedHeaderColumns = (names: readonly string[]): string[] => names.map((name) => `Header ${name}`);

export function requestRow(endpoint: string, sample: Sample, recorded: readonly string[] = []): Cell[] {
	return [
		endpoint,
		ms(sample.durationUs),
		sample.traceId ?? '',
		sample.seq,
		ms(sample.startOffsetUs),
		sample.status ?? '',
		sample.outcome,
		sample.retried ? 'true' : '',
		sample.connection ? sample.connection.reused : '',
		ms(sample.connection?.dnsUs),
		ms(sample.connection?.connectUs),
		ms(sample.connection?.tlsUs),
		ms(sample.ttfbUs),
		ms(sample.ttftUs),
		ms(sample.ttfaUs),
		sample.tokens?.output ?? '',
		sample.tokens?.reasoning ?? '',
		sample.tokens?.input ?? '',
		sample.tokens?.cacheRead ?? '',
		sample.tokens?.cacheWrite ?? '',
		sample.tokens ? sample.tokens.estimated : '',
		sample.bytes,
		sample.error ?? '',
		sample.server?.xTrace ?? '',
		sample.server?.requestId ?? '',
		sample.server?.resolvedModel ?? '',
		sample.server?.overheadMs ?? '',
		sample.phase ?? 1,
		sample.promptId ?? '',
		sample.requestedOutputTokens ?? '',
		sample.tokens?.inputCounted ? 'true' : '',
		sample.session ?? '',
		sample.turn ?? '',
		...recorded.map((name) => sample.server?.recorded?.[name] ?? ''),
	];
}

/** Buffer this much before writing, and never hold rows longer than `flushMs`. */
const flushBytes = 64 * 1024;
const flushMs = 200;

/**
 * Appends one row per completed request as it arrives. Rows are written in small batches
 * with synchronous writes, so a crash or Ctrl-C loses at most the last ~200 ms and
 * `close()` (also called on signals) loses nothing.
 */
export class RequestCsvWriter {
	private readonly fd: number;
	private buffer = '';
	private timer: NodeJS.Timeout | undefined;
	private names: readonly string[] = [];
	private closed = false;

	readonly path: string;

	private readonly recorded: readonly string[];

	/**
	 * Opens (and so checks) the file before the run starts; a column for each reply header kept
	 * (`--record-header`: `asked`), then `extraHeaders` naming cells each row adds at its end (a sweep's step).
	 */
	constructor(path: string, asked: readonly string[] | undefined, extraHeaders: readonly string[] = []) {
		this.path = path;
		this.fd = openSync(path, 'w');
		this.recorded = recordedHeaderNames(asked);
		this.buffer = csvRows([[...requestCsvHeader, ...recordedHeaderColumns(this.recorded), ...extraHeaders]]);
	}

	setEndpoints(endpoints: readonly EndpointInfo[]): void {
		this.names = endpoints.map((endpoint) => endpoint.name);
	}

	write(sample: Sample, extraCells: readonly Cell[] = []): void {
		if (this.closed) return;
		this.buffer += csvRows([[...requestRow(this.names[sample.endpoint] ?? String(sample.endpoint), sample, this.recorded), ...extraCells]]);
		if (this.buffer.length >= flushBytes) this.flush();
		else this.timer ??= setTimeout(() => this.flush(), flushMs).unref();
	}

	flush(): void {
		if (this.timer) clearTimeout(this.timer);
		this.timer = undefined;
		if (this.buffer.length === 0) return;
		writeSync(this.fd, this.buffer);
		this.buffer = '';
	}

	close(): void {
		if (this.closed) return;
		this.flush();
		this.closed = true;
		closeSync(this.fd);
	}
}
