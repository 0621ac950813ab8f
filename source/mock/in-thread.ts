import {startWorker} from '../engine/start-worker.js';
import type {StartMockOptions} from './server.js';

export type RunningMock = {readonly url: string; close(): Promise<void>};

/**
 * The built-in mock for a benchmark run, in a worker thread: sharing the event loop with the
 * client (and the console's drawing) would delay its replies and the client's timestamps
 * alike.
 */
export async function startMockThread(options: StartMockOptions): Promise<RunningMock> {
	const worker = startWorker('mock-worker', import.meta.url, {workerData: options});
	const url = await new Promise<string>((resolve, reject) => {
		worker.once('message', (message: {url: string}) => resolve(message.url));
		worker.once('error', reject);
	});
	return {
		url,
		async close() {
			const closed = new Promise((resolve) => worker.once('message', resolve));
			worker.postMessage('close');
			await closed;
			await worker.terminate();
		},
	};
}
