import {createServer, type Server} from 'node:net';

/** Listens on a free port of 127.0.0.1 and gives the server's base URL (`http://127.0.0.1:PORT`). */
export async function listenOnLoopback(server: Server): Promise<string> {
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const address = server.address();
	return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}

/** The URL of a port that was free a moment ago: nothing listens there, so connections are refused. */
export async function closedPortUrl(): Promise<string> {
	const server = createServer();
	const url = await listenOnLoopback(server);
	await new Promise((resolve) => server.close(resolve));
	return url;
}
