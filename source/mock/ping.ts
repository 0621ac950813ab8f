import type {IncomingMessage, OutgoingHttpHeaders, ServerResponse} from 'node:http';
import {errorHeaders, resetSocket, sendHugeBody} from './faults.js';
import {send, sendGatewayError} from './http.js';
import {after} from './sse-writer.js';
import type {MockContext, MockFault, MockOptions} from './mock-options.js';

const pong = Buffer.from('pong');
const textPlain = 'text/plain; charset=utf-8';

/**
 * `/v2/http` and `/.api/gateway/http*`: drain the body unparsed, answer `pong`. The hot path of load tests,
 * so: one headers object, one closure, no parsing; faults cost one comparison when off.
 */
export function handlePing(request: IncomingMessage, response: ServerResponse, context: MockContext): void {
	request.once('end', () => {
		const {options} = context;
		const {headers} = context.reply();
		if (!context.authorized(request)) {
			sendGatewayError(response, 401, headers, 'unauthorized');
			return;
		}

		if (context.shouldFail()) {
			errorHeaders(options.failStatus, headers);
			sendGatewayError(response, options.failStatus, headers, 'injected failure (gatebench mock failRate)');
			return;
		}

		const fault = context.fault('ping');
		if (fault !== undefined) {
			pingFault(response, headers, fault, options);
			return;
		}

		headers['content-type'] = textPlain;
		headers['content-length'] = 4;
		if (options.pingDelayMs > 0) {
			after(response, options.pingDelayMs, () => {
				response.writeHead(200, headers);
				response.end(pong);
			});
			return;
		}

		response.writeHead(200, headers);
		response.end(pong);
	});
	request.resume();
}

function pingFault(response: ServerResponse, headers: OutgoingHttpHeaders, fault: MockFault, options: MockOptions): void {
	switch (fault) {
		case 'status': {
			errorHeaders(options.failStatus, headers);
			sendGatewayError(response, options.failStatus, headers, 'injected fault (gatebench mock)');
			return;
		}

		case 'wrong-pong': {
			send(response, 200, headers, textPlain, 'ping!');
			return;
		}

		case 'stall': {
			headers['content-type'] = textPlain;
			response.writeHead(200, headers);
			response.flushHeaders();
			after(response, options.stallMs, () => response.end());
			return;
		}

		case 'slow-headers': {
			after(response, options.stallMs, () => {
				send(response, 200, headers, textPlain, 'pong');
			});
			return;
		}

		case 'huge-body': {
			sendHugeBody(response, headers, textPlain, options.hugeBodyBytes);
			return;
		}

		default: {
			// 'reset', the only other fault that applies to pings.
			resetSocket(response);
		}
	}
}
