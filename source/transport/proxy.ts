import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import {getProxyForUrl} from 'proxy-from-env';

/** A failure at the proxy itself: it could not be reached, or it refused the tunnel. */
export class ProxyError extends Error {
	readonly code = 'PROXY_ERROR';
}

/**
 * The proxy for a target origin, from `HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY` and `NO_PROXY`
 * (either case; `--proxy` sets them for the run), or undefined to go direct.
 */
export function proxyFor(origin: string): URL | undefined {
	const proxy = getProxyForUrl(origin);
	if (!proxy) return undefined;
	return URL.canParse(proxy) ? new URL(proxy) : new URL(`http://${proxy}`);
}

/** A proxy URL as it may be shown and saved: without its credentials. */
export const shownProxy = (proxy: URL): string => `${proxy.protocol}//${proxy.host}`;

/** `Proxy-Authorization` for credentials in the proxy URL (`http://user:pass@proxy:3128`). */
export function proxyAuthorization(proxy: URL): Record<string, string> {
	if (!proxy.username && !proxy.password) return {};
	const credentials = `${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`;
	return {'proxy-authorization': `Basic ${Buffer.from(credentials).toString('base64')}`};
}

/**
 * A tunnel through the proxy to `host:port` (HTTP CONNECT, as every proxy-aware client uses for
 * HTTPS, and here for HTTP too: one path, and no request line rewritten). Resolves with the socket
 * on which the target's own bytes (TLS or plain HTTP) then flow.
 */
export function openTunnel(proxy: URL, host: string, port: number): Promise<net.Socket> {
	const target = `${net.isIPv6(host) ? `[${host}]` : host}:${port}`;
	return new Promise((resolve, reject) => {
		const request = (proxy.protocol === 'https:' ? https : http).request({
			method: 'CONNECT',
			host: proxy.hostname.replace(/^\[(.*)]$/, '$1'),
			port: proxy.port || (proxy.protocol === 'https:' ? 443 : 80),
			path: target,
			setHost: false,
			headers: {host: target, ...proxyAuthorization(proxy)},
			agent: false,
		});
		request.once('connect', (response, socket) => {
			if (response.statusCode === 200) return resolve(socket);
			socket.destroy();
			reject(new ProxyError(`the proxy ${shownProxy(proxy)} answered CONNECT ${target} with ${response.statusCode}`));
		});
		request.once('error', (error) => reject(new ProxyError(`the proxy ${shownProxy(proxy)} could not be reached: ${error.message}`, {cause: error})));
		request.end();
	});
}
