import {describe, expect, it} from 'vitest';
import {recordedHeaderNames, serverHeadersOf, serverTimingMs} from '../../source/targets/server-headers.js';

describe("a reply's headers kept per request", () => {
	it('keeps the self-reports always and the headers asked for, sanitised, and nothing for a reply with none', () => {
		const names = recordedHeaderNames(['X-Served-By', 'server-timing']);
		expect(names).toEqual(['x-portkey-retry-attempt-count', 'server-timing', 'x-served-by']);
		const server = serverHeadersOf({'x-portkey-retry-attempt-count': '1', 'x-served-by': 'edge\u001b[31m-7', 'content-type': 'text/event-stream'}, names);
		expect(server?.recorded).toEqual({'x-portkey-retry-attempt-count': '1', 'x-served-by': 'edge -7'});
		expect(serverHeadersOf({'content-type': 'application/json'}, names)).toBeUndefined();
	});

	it('reads the total of server-timing’s durations (W3C Server Timing), quoted or not, and nothing from one without any', () => {
		expect(serverTimingMs('upstream;dur=12.5, gateway;desc="auth";dur="0.75"')).toBe(13.25);
		expect(serverTimingMs('cache;desc=hit')).toBeUndefined();
		expect(serverTimingMs(undefined)).toBeUndefined();
	});
});
