import {once} from 'node:events';
import {createServer} from 'node:http';
import type {AddressInfo} from 'node:net';

/**
 * An OpenAI-compatible chat server on 127.0.0.1 that answers every request after `delayMs`, and
 * says how many requests it has in flight now and had at most, and what arrived and was answered
 * in order (`log`: 'in /path' and 'out /path'). `closers` gets its shutdown.
 */
export async function delayedServer(delayMs: number, closers: Array<() => void>) {
	let inFlight = 0;
	let most = 0;
	const log: string[] = [];
	const http = createServer((request, response) => {
		log.push(`in ${request.url}`);
		inFlight++;
		most = Math.max(most, inFlight);
		request.resume();
		setTimeout(() => {
			inFlight--;
			log.push(`out ${request.url}`);
			response.writeHead(200, {'content-type': 'application/json'});
			response.end(
				JSON.stringify({
					id: 'x',
					object: 'chat.completion',
					choices: [{index: 0, message: {role: 'assistant', content: 'hi'}}],
					usage: {prompt_tokens: 1, completion_tokens: 1, total_tokens: 2},
				}),
			);
		}, delayMs);
	});
	http.listen(0, '127.0.0.1');
	await once(http, 'listening');
	closers.push(() => {
		http.closeAllConnections();
		http.close();
	});
	return {url: `http://127.0.0.1:${(http.address() as AddressInfo).port}/v1`, inFlight: () => inFlight, most: () => most, log};
}
