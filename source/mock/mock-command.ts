import cluster from 'node:cluster';
import {serveClusterTiming, startMockCluster} from './cluster.js';
import {describeModel} from './latency.js';
import {mockOptionsOf, startMock, type StartMockOptions} from './server.js';

export type MockCommandIo = {
	/** Where the two status lines go. @default stdout */
	log?: (line: string) => void;
	/** Emits SIGINT / SIGTERM. @default process */
	signals?: Pick<NodeJS.EventEmitter, 'once' | 'off'>;
	/** Called with 0 once the mock has closed after a signal. @default process.exit */
	exit?: (code: number) => void;
};

/**
 * `gatebench mock`: serve until SIGINT/SIGTERM, then close and exit 0. Resolves after closing.
 * `processes` above 1: that many processes serve the one port (see cluster.ts); this one only starts them.
 */
export async function runMockCommand({processes = 1, ...options}: StartMockOptions & {processes?: number}, io: MockCommandIo = {}): Promise<void> {
	const log = io.log ?? ((line: string) => process.stdout.write(`${line}\n`));
	const signals = io.signals ?? process;
	const exit = io.exit ?? ((code: number) => process.exit(code));
	const stopped = new Promise<void>((resolve) => {
		const stop = (): void => {
			signals.off('SIGINT', stop);
			signals.off('SIGTERM', stop);
			resolve();
		};

		signals.once('SIGINT', stop);
		signals.once('SIGTERM', stop);
	});
	if (processes > 1 && !cluster.isWorker) {
		const served = await startMockCluster(processes);
		log(`gatebench mock gateway listening on http://${options.host ?? '127.0.0.1'}:${served.port} (gateway and sourcegraph targets; ${processes} processes)`);
		log(describeModel(mockOptionsOf(options)));
		const failure = await Promise.race([stopped.then(() => undefined), served.failed]);
		if (failure) log(`gatebench mock: ${failure}`);
		await served.close();
		return exit(failure ? 1 : 0);
	}

	const mock = await startMock(options);
	// One of a cluster's serving processes: the first process speaks for them all.
	if (cluster.isWorker) serveClusterTiming();
	else {
		log(`gatebench mock gateway listening on ${mock.url} (gateway and sourcegraph targets)`);
		log(describeModel(mock.options));
	}

	await stopped;
	await mock.close();
	exit(0);
}
