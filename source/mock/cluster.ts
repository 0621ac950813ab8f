import cluster, {type Worker} from 'node:cluster';
import {resetTiming, type TimingDump, timingDump} from './lateness.js';

/**
 * `gatebench mock --processes N`: one mock on one port served by N processes (Node's cluster: the
 * first process hands connections to the others in turn), so a benchmark of thousands of streams
 * is not held back by one core of mock. Each process keeps its own lateness record; `/mock/timing`,
 * asked of any of them, adds up all of theirs.
 */

type AskTiming = {readonly gatebenchTiming: number; readonly reset: boolean};
type DumpTiming = {readonly gatebenchDump: number; readonly reset: boolean};
type Dumped = {readonly gatebenchDumped: number; readonly dump: TimingDump};
type Answer = {readonly gatebenchAnswer: number; readonly dumps: readonly TimingDump[]};

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

let asked = 0;
const waiting = new Map<number, (dumps: readonly TimingDump[]) => void>();

/** In a cluster's process: every process's record (the first process gathers them); undefined in a mock of its own. */
export function clusterTiming(reset: boolean): Promise<readonly TimingDump[]> | undefined {
	if (!cluster.isWorker || !process.send) return undefined;
	const id = ++asked;
	return new Promise((resolve) => {
		waiting.set(id, resolve);
		process.send?.({gatebenchTiming: id, reset} satisfies AskTiming);
	});
}

/** A cluster's serving process: answers the first process's questions about its record. */
export function serveClusterTiming(): void {
	process.on('message', (message: unknown) => {
		if (!isObject(message)) return;
		if (typeof message['gatebenchDump'] === 'number') {
			process.send?.({gatebenchDumped: message['gatebenchDump'], dump: timingDump()} satisfies Dumped);
			if (message['reset'] === true) resetTiming();
		} else if (typeof message['gatebenchAnswer'] === 'number') {
			const answer = message as unknown as Answer;
			waiting.get(answer.gatebenchAnswer)?.(answer.dumps);
			waiting.delete(answer.gatebenchAnswer);
		}
	});
}

export type MockCluster = {readonly port: number; readonly close: () => Promise<void>; readonly failed: Promise<string>};

/**
 * The first process: starts `processes` copies of this command (which serve; see `serveClusterTiming`)
 * and resolves once all listen, on the port they share. `failed` resolves with a line if one of them
 * stops on its own.
 */
export async function startMockCluster(processes: number): Promise<MockCluster> {
	const workers = Array.from({length: processes}, () => cluster.fork());
	let closing = false;
	let gather = 0;
	/** A question being gathered: who asked (and as what), and the answers so far. */
	const gathering = new Map<number, {asker: Worker; askedAs: number; dumps: TimingDump[]}>();
	for (const worker of workers) {
		worker.on('message', (message: unknown) => {
			if (!isObject(message)) return;
			if (typeof message['gatebenchTiming'] === 'number') {
				const id = ++gather;
				const reset = message['reset'] === true;
				gathering.set(id, {asker: worker, askedAs: message['gatebenchTiming'], dumps: []});
				for (const each of workers) each.send({gatebenchDump: id, reset} satisfies DumpTiming);
			} else if (typeof message['gatebenchDumped'] === 'number') {
				const round = gathering.get(message['gatebenchDumped']);
				if (!round) return;
				round.dumps.push((message as unknown as Dumped).dump);
				if (round.dumps.length < workers.length) return;
				gathering.delete(message['gatebenchDumped']);
				round.asker.send({gatebenchAnswer: round.askedAs, dumps: round.dumps} satisfies Answer);
			}
		});
	}

	const failed = new Promise<string>((resolve) => {
		cluster.on('exit', (_worker, code, signal) => {
			if (!closing) resolve(`a mock process stopped (${signal ?? `exit ${code}`})`);
		});
	});
	const ports = await Promise.race([
		Promise.all(workers.map((worker) => new Promise<number>((resolve) => worker.once('listening', (address) => resolve(address.port))))),
		failed.then((line) => {
			throw new Error(line);
		}),
	]);
	return {
		port: ports[0] ?? 0,
		failed,
		async close() {
			closing = true;
			await Promise.all(
				workers.map(
					(worker) =>
						new Promise<void>((resolve) => {
							if (worker.isDead()) return resolve();
							worker.once('exit', () => resolve());
							worker.kill('SIGTERM');
						}),
				),
			);
		},
	};
}
