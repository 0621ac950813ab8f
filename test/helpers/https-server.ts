import {once} from 'node:events';
import {readFileSync} from 'node:fs';
import {createServer, type Server} from 'node:https';
import type {AddressInfo} from 'node:net';
import {fileURLToPath} from 'node:url';

/** A file of the TLS fixture: the self-signed certificate for localhost and 127.0.0.1, and its key. */
export const tlsFixture = (name: 'localhost-cert.pem' | 'localhost-key.pem'): string => fileURLToPath(new URL(`../fixtures/tls/${name}`, import.meta.url));

/** An HTTPS server on `host` with the fixture certificate that answers every request `pong`; `close` ends it and its connections. */
export async function startHttpsPongServer(host = '127.0.0.1'): Promise<{server: Server; port: number; close: () => void}> {
	const server = createServer(
		{key: readFileSync(tlsFixture('localhost-key.pem')), cert: readFileSync(tlsFixture('localhost-cert.pem'))},
		(request, response) => {
			request.resume();
			request.on('end', () => response.end('pong'));
		},
	);
	server.listen(0, host);
	await once(server, 'listening');
	return {
		server,
		port: (server.address() as AddressInfo).port,
		close() {
			server.closeAllConnections();
			server.close();
		},
	};
}
