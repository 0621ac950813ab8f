import {createServer} from 'node:net';
import {mockUrl} from '../plan/endpoint-spec.js';
import type {RunPlan} from '../plan/run-plan.js';
import type {RunRequest} from '../session/session-types.js';

/** A port free on 127.0.0.1 now, for the built-in mock to listen on later (as `--mock-port 0` would pick, but known before). */
export function freeLoopbackPort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			server.close(() => resolve(port));
		});
	});
}

/**
 * The mock's options for a run: an overhead run on gateways added in Setup has the mock listen
 * where they were pointed, and draw each reply from its prompt (request i gets the same reply on
 * every path), as `--through` has it.
 */
export function upstreamOptions(plan: RunPlan, mockOptions: RunRequest['mockOptions'], upstreamPort: number | undefined): RunRequest['mockOptions'] {
	if (!plan.overhead || plan.witness?.url !== mockUrl || upstreamPort === undefined) return mockOptions;
	return {draws: 'prompt', ...mockOptions, port: mockOptions.port ?? upstreamPort};
}
