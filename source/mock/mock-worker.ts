import {parentPort, workerData} from 'node:worker_threads';
import {startMock, type StartMockOptions} from './server.js';

/** Runs the mock gateway in its own thread: see in-thread.ts. */
const mock = await startMock(workerData as StartMockOptions);
parentPort?.postMessage({url: mock.url});
parentPort?.on('message', (message: unknown) => {
	if (message !== 'close') return;
	void mock.close().then(() => parentPort?.postMessage('closed'));
});
