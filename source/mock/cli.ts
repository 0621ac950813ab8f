import {describeModel} from './latency.js';
import {startMock, type StartMockOptions} from './server.js';

export type MockCommandIo = {
	/** Where the two status lines go. @default stdout */
	log?: (line: string) => void;
	/** Emits SIGINT / SIGTERM. @default process */
	signals?: Pick<NodeJS.EventEmitter, 'once' | 'off'>;
	/** Called with 0 once the mock has closed after a signal. @default process.exit */
	exit?: (code: number) => void;
};

/** `gatebench mock`: serve until SIGINT/SIGTERM, then close and exit 0. Resolves after closing. */
export async function runMockCommand(options: StartMockOptions, io: MockCommandIo = {}): Promise<void> {
	const log = io.log ?? ((line: string) => process.stdout.write(`${line}\n`));
	const signals = io.signals ?? process;
	const exit = io.exit ?? ((code: number) => process.exit(code));
	const mock = await startMock(options);
	log(`gatebench mock gateway listening on ${mock.url} (gateway and sourcegraph targets)`);
	log(describeModel(mock.options));
	await new Promise<void>((resolve) => {
		const stop = (): void => {
			signals.off('SIGINT', stop);
			signals.off('SIGTERM', stop);
			resolve();
		};

		signals.once('SIGINT', stop);
		signals.once('SIGTERM', stop);
	});
	await mock.close();
	exit(0);
}
