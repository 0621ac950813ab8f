import {buildConnector, Client, type Dispatcher, Pool, ProxyAgent} from 'undici';
import {type HttpRequest, type HttpResponse, type HttpTransport, maxHeaderBytes, noProxyOverHttp2, type TransportOptions} from './http-types.js';
import {tlsOptions} from './tls-options.js';
import {skipUnaskedContinue} from './unasked-continue.js';
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

/** undici's HTTP/1.1 connections, each reading past a 100 Continue it did not ask for, as raw and got do. */
function readingPastContinue(connector: buildConnector.connector): buildConnector.connector {
	return (options, callback) =>
		connector(options, (error, socket) => {
			if (socket) skipUnaskedContinue(socket);
			// undici's own callback type pairs each argument with null for the other.
			if (error) callback(error, null);
			else if (socket) callback(null, socket);
		});
}

/**
 * undici offers h2 and HTTP/1.1 by ALPN and takes what the server picks: with `--http2` a
 * connection the server kept to HTTP/1.1 fails, so a run said to be HTTP/2 is. In cleartext the
 * socket is marked h2 before undici sees it (prior knowledge: what undici's own `useH2c` does).
 */
function onlyHttp2(connector: buildConnector.connector, secure: boolean): buildConnector.connector {
	return (options, callback) =>
		connector(options, (error, socket) => {
			if (error || socket === null) return callback(error ?? new Error('no socket'), null);
			const marked = socket as {alpnProtocol?: string | false};
			if (!secure) marked.alpnProtocol = 'h2';
			const protocol = marked.alpnProtocol;
			if (protocol === 'h2') return callback(null, socket);
			socket.destroy();
			callback(
				Object.assign(new Error(`the server did not agree to HTTP/2 (ALPN chose ${protocol || 'nothing'}); leave out --http2 to speak HTTP/1.1`), {
					code: 'ALPN_NOT_H2',
				}),
				null,
			);
		});
}

/** undici: a Pool of keep-alive connections, and the lowest-level handler (no Readable stream). */
export function createUndiciTransport({origin, connections: inFlight, tls, proxy, http2}: TransportOptions): HttpTransport {
	const secure = origin.startsWith('https:');
	// HTTP/2: undici's own h2 (ALPN over TLS; h2c with prior knowledge in cleartext), that many streams a connection.
	const streams = http2?.streamsPerConnection ?? 1;
	const connections = Math.ceil(inFlight / streams);
	const h2 = http2 ? {allowH2: true, maxConcurrentStreams: streams} : {};
	const connect = http2 ? onlyHttp2(buildConnector({...tlsOptions(tls), allowH2: true}), secure) : readingPastContinue(buildConnector(tlsOptions(tls)));
	const options = {pipelining: streams, keepAliveTimeout: 60_000, headersTimeout: 0, bodyTimeout: 0, maxHeaderSize: maxHeaderBytes, connect, ...h2};
	// Through a proxy: undici's ProxyAgent opens a CONNECT tunnel per connection, as raw does.
	const pool: Dispatcher = proxy
		? new ProxyAgent({...options, uri: proxy.href, connections, requestTls: tlsOptions(tls)})
		: new Pool(origin, {...options, connections});
	// undici 7 sends one POST at a time on an h2 connection unless it is marked idempotent (nodejs/undici#5390,
	// fixed in undici 8, which needs Node 22): marked so, the streams multiplex. undici itself never resends.
	const idempotent = http2 ? {idempotent: true} : {};
	const dispatch = ({method, path, headers, body, signal}: HttpRequest, dispatcher: Dispatcher, onDone?: () => void) =>
		new Promise<HttpResponse>((resolve, reject) => {
			dispatcher.dispatch({origin, method, path, headers, body, ...idempotent}, new ResponseHandler(signal, resolve, reject, onDone));
		});
	if (http2) {
		if (proxy) throw new Error(noProxyOverHttp2);
		return undiciHttp2(streams, connections, () => new Client(origin, options), dispatch);
	}

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

/**
 * undici over HTTP/2: its own Clients, the least busy with room taken first. A Pool would open a
 * connection for each request that arrives while the first connects (a connecting client counts as
 * busy): six at once made six connections where one carries them all.
 */
function undiciHttp2(
	streams: number,
	connections: number,
	newClient: () => Client,
	dispatch: (request: HttpRequest, dispatcher: Dispatcher, onDone?: () => void) => Promise<HttpResponse>,
): HttpTransport {
	const clients: Array<{readonly client: Client; inFlight: number}> = [];
	const pick = () => {
		const withRoom = clients.find((entry) => entry.inFlight < streams);
		if (withRoom) return withRoom;
		if (clients.length < connections) {
			const entry = {client: newClient(), inFlight: 0};
			clients.push(entry);
			return entry;
		}

		return clients.reduce((least, entry) => (entry.inFlight < least.inFlight ? entry : least));
	};

	return {
		name: 'undici',
		request(request: HttpRequest): Promise<HttpResponse> {
			const entry = pick();
			entry.inFlight++;
			let released = false;
			const release = () => {
				if (!released) entry.inFlight--;
				released = true;
			};
			return dispatch(request, entry.client, release).catch((error: unknown) => {
				release();
				throw explained(error);
			});
		},
		async close() {
			await Promise.all(clients.splice(0).map(({client}) => client.destroy()));
		},
	};
}
