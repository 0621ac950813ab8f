import {describe, expect, it} from 'vitest';
import {classifyError, errorClassOf} from '../../source/engine/errors.js';

describe('certificate failures are named by what to fix', () => {
	it.each([
		['DEPTH_ZERO_SELF_SIGNED_CERT', 'tls_self_signed'],
		['SELF_SIGNED_CERT_IN_CHAIN', 'tls_self_signed'],
		['CERT_HAS_EXPIRED', 'tls_expired'],
		['CERT_NOT_YET_VALID', 'tls_expired'],
		['ERR_TLS_CERT_ALTNAME_INVALID', 'tls_hostname'],
		['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'tls_untrusted'],
		['UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'tls_untrusted'],
		['ERR_SSL_WRONG_VERSION_NUMBER', 'tls_error'],
		['EPROTO', 'tls_error'],
	])('%s → %s, in the tls class', (code, kind) => {
		// Node puts the code on the error itself; undici and got wrap it as the cause.
		expect(classifyError(Object.assign(new Error('certificate'), {code}))).toBe(kind);
		expect(classifyError(Object.assign(new Error('fetch failed'), {cause: Object.assign(new Error('certificate'), {code})}))).toBe(kind);
		expect(errorClassOf(kind)).toBe('tls');
	});
});
