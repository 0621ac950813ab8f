import {Client, type Dispatcher, Pool, ProxyAgent} from 'undici';
import {type HttpRequest, type HttpResponse, type HttpTransport, maxHeaderBytes, type TransportOptions} from './http-types.js';
import {tlsOptions} from './tls-options.js';
import {ResponseHandler} from './undici-handler.js';

/**
 * A connection that had read bytes before this request failed with no reply of its own: the
 * server closed a reused keep-alive connection as the request went out. undici's SocketError
 * carries the socket's counters. Over TLS the handshake counts too, so only cleartext is judged.
 */
function failedOnReuse(error: unknown, secure: boolean): boolean {
	const {code, socket} = error as {code?: unknown; socket?: {bytesRead?: unknown}};
	const reset = code === 'UND_ERR_SOCKET' || code === 'ECONNRESET' || code === 'EPIPE';
	return !secure && reset && typeof socket?.bytesRead === 'number' && socket.bytesRead > 0;
}

/**
 * What is left of undici 7's refusals of a 100 Continue the request did not ask for (one split
 * across two reads, which `skipUnaskedContinue` cannot see) and of a reply to no request: its bare
 * "bad response" said so, in the words of a user who can do something about it.
 */
function explained(error: unknown): unknown {
	const {code, message} = error as {code?: unknown; message?: unknown};
	if (code !== 'UND_ERR_SOCKET' || message !== 'bad response') return error;
	return Object.assign(
		new Error('undici refuses a 100 Continue the request did not ask for (or a reply to no request): the raw and got clients read past it (--http-client raw)'),
		{code},
	);
}

/** undici: a Pool of keep-alive connections, and the lowest-level handler (no Readable stream). */
export function createUndiciTransport({origin, connections, tls, proxy}: TransportOptions): HttpTransport {
	const options = {pipelining: 1, keepAliveTimeout: 60_000, headersTimeout: 0, bodyTimeout: 0, maxHeaderSize: maxHeaderBytes, connect: tlsOptions(tls)};
	// Through a proxy: undici's ProxyAgent opens a CONNECT tunnel per connection, as raw does.
	const pool: Dispatcher = proxy
		? new ProxyAgent({...options, uri: proxy.href, connections, requestTls: tlsOptions(tls)})
		: new Pool(origin, {...options, connections});
	const secure = origin.startsWith('https:');
	const dispatch = ({method, path, headers, body, signal}: HttpRequest, dispatcher: Dispatcher, onDone?: () => void) =>
		new Promise<HttpResponse>((resolve, reject) => {
			dispatcher.dispatch({origin, method, path, headers, body}, new ResponseHandler(signal, resolve, reject, onDone));
		});
	return {
		name: 'undici',
		async request(request: HttpRequest): Promise<HttpResponse> {
			try {
				return await dispatch(request, pool);
			} catch (error) {
				if (request.signal.aborted || proxy || !failedOnReuse(error, secure)) throw explained(error);
				// Once more, on a connection of its own: the pool's other idle ones may have been closed too.
				request.onRetry?.();
				const client = new Client(origin, options);
				return dispatch(request, client, () => void client.close()).catch((again: unknown) => {
					throw explained(again);
				});
			}
		},
		async close() {
			await pool.destroy();
		},
	};
}
