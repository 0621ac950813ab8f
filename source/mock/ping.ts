import type {IncomingMessage, ServerResponse} from 'node:http';
import {sendGatewayError} from './http.js';
import type {MockContext} from './types.js';

const pong = Buffer.from('pong');

/**
 * `/v2/http` and `/.api/gateway/http*`: drain the body unparsed, answer `pong`. The hot path of load tests,
 * so: one headers object, one closure, no parsing.
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
			headers['x-should-retry'] = 'false';
			sendGatewayError(response, options.failStatus, headers, 'injected failure (gatebench mock failRate)');
			return;
		}

		headers['content-type'] = 'text/plain; charset=utf-8';
		headers['content-length'] = 4;
		if (options.pingDelayMs > 0) {
			const timer = setTimeout(() => {
				if (!response.destroyed) {
					response.writeHead(200, headers);
					response.end(pong);
				}
			}, options.pingDelayMs);
			response.once('close', () => {
				clearTimeout(timer);
			});
			return;
		}

		response.writeHead(200, headers);
		response.end(pong);
	});
	request.resume();
}
