import {once} from 'node:events';
import net, {type AddressInfo} from 'node:net';

export type TestProxy = {
	readonly url: string;
	/** The `host:port` of every tunnel opened, in order. */
	readonly tunnels: readonly string[];
	close(): Promise<void>;
};

/**
 * A small HTTP CONNECT proxy on 127.0.0.1, as corporate proxies tunnel: it refuses any target off
 * this machine (403), and with `refuse` set answers every CONNECT with that status instead.
 */
export async function startTestProxy({refuse}: {refuse?: number} = {}): Promise<TestProxy> {
	const tunnels: string[] = [];
	const sockets = new Set<net.Socket>();
	const server = net.createServer((client) => {
		sockets.add(client);
		client.once('close', () => sockets.delete(client));
		let head = '';
		const onData = (data: Buffer) => {
			head += data.toString('latin1');
			const end = head.indexOf('\r\n\r\n');
			if (end === -1) return;
			client.off('data', onData);
			const [method, target = ''] = head.slice(0, end).split('\r\n')[0]?.split(' ') ?? [];
			const [host = '', port = ''] = target.startsWith('[') ? [target.slice(1, target.indexOf(']')), target.slice(target.indexOf(']') + 2)] : target.split(':');
			const local = host === 'localhost' || host.startsWith('127.') || host === '::1';
			const status = method !== 'CONNECT' ? 405 : !local ? 403 : refuse;
			if (status !== undefined) {
				client.end(`HTTP/1.1 ${status} Refused\r\ncontent-length: 0\r\n\r\n`);
				return;
			}

			tunnels.push(target);
			const upstream = net.connect(Number(port), host, () => {
				client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
				const rest = data.subarray(Buffer.byteLength(head.slice(0, end + 4), 'latin1') - (head.length - data.length));
				if (rest.length > 0) upstream.write(rest);
				client.pipe(upstream);
				upstream.pipe(client);
			});
			sockets.add(upstream);
			upstream.once('close', () => {
				sockets.delete(upstream);
				client.destroy();
			});
			upstream.on('error', () => client.destroy());
			client.on('error', () => upstream.destroy());
			client.once('close', () => upstream.destroy());
		};

		client.on('data', onData);
	});
	server.listen(0, '127.0.0.1');
	await once(server, 'listening');
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
		tunnels,
		async close() {
			for (const socket of sockets) socket.destroy();
			server.close();
			await once(server, 'close');
		},
	};
}
