import {rootCertificates} from 'node:tls';
import type {TlsSettings} from '../plan/run-plan.js';

/**
 * Node's `tls` options for the settings: `ca` replaces the system's list in Node, so an extra
 * authority is added to it, never in its place.
 */
export function tlsOptions(settings: TlsSettings | undefined): {ca?: string[]; rejectUnauthorized?: boolean} {
	if (!settings) return {};
	return {
		...(settings.ca ? {ca: [...rootCertificates, settings.ca]} : {}),
		...(settings.insecure ? {rejectUnauthorized: false} : {}),
	};
}
