import type {TargetName} from '../plan/names.js';

/** `Bearer` for Cody Gateway, `token` for a Sourcegraph instance (original-suite.md, two targets). */
export function authorization(target: TargetName, token: string | undefined): Record<string, string> {
	if (!token) return {};
	return {Authorization: target === 'gateway' ? `Bearer ${token}` : `token ${token}`};
}

export const traceHeader = {'X-Sourcegraph-Should-Trace': 'true'} as const;
