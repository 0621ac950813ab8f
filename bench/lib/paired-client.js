// A client of the bench's own, Node built-ins only, to check gatebench's paired figures against:
// sequential pairs, one request straight to the upstream and one through the gateway (their order
// alternating), each on its own kept-alive connection, the same request gatebench sends to the byte.
import {Agent, request} from 'node:http';
import {median} from './stats.js';

// What gatebench sends by default.
const body = JSON.stringify({
	model: 'gpt-4o-mini',
	max_tokens: 256,
	stream: true,
	stream_options: {include_usage: true},
	messages: [{role: 'user', content: 'Write a bubble sort in Python.'}],
});

/**
 * One streamed chat completion's time to first content token, ms, timed from just before the request is written.
 * @param {Agent} agent @param {URL} url @param {Record<string, string>} headers
 * @returns {Promise<number>}
 */
function ttftOnce(agent, url, headers) {
	return new Promise((resolve, reject) => {
		const outgoing = request(
			url,
			{
				agent,
				method: 'POST',
				headers: {'content-type': 'application/json', 'accept-encoding': 'identity', 'content-length': String(Buffer.byteLength(body)), ...headers},
			},
			(reply) => {
				let pending = '';
				/** @type {bigint | undefined} */
				let firstNs;
				reply.setEncoding('utf8');
				reply.on('data', (/** @type {string} */ text) => {
					if (firstNs !== undefined) return;
					pending += text;
					const lines = pending.split('\n');
					pending = lines.pop() ?? '';
					for (const line of lines) {
						if (!line.startsWith('data: {')) continue;
						if (JSON.parse(line.slice(6)).choices?.[0]?.delta?.content) {
							firstNs = process.hrtime.bigint();
							break;
						}
					}
				});
				reply.on('end', () => (firstNs === undefined ? reject(new Error(`no content from ${url.href}`)) : resolve(Number(firstNs - startNs) / 1e6)));
				reply.on('error', reject);
			},
		);
		outgoing.on('error', reject);
		const startNs = process.hrtime.bigint();
		outgoing.end(body);
	});
}

/**
 * The median of (gateway's TTFT − the upstream's) over `pairs` sequential pairs, ms.
 * @param {string} upstream base URL (…/v1) @param {string} gateway base URL @param {number} pairs @param {Record<string, string>} [headers] sent to the gateway
 * @returns {Promise<number>}
 */
export async function pairedTtftMedian(upstream, gateway, pairs, headers = {}) {
	const targets = [
		{agent: new Agent({keepAlive: true, maxSockets: 1}), url: new URL(`${upstream}/chat/completions`), headers: {}},
		{agent: new Agent({keepAlive: true, maxSockets: 1}), url: new URL(`${gateway}/chat/completions`), headers},
	];
	/** @type {number[]} */
	const differences = [];
	try {
		// One unmeasured request each opens both connections.
		for (const target of targets) await ttftOnce(target.agent, target.url, target.headers);
		for (let pair = 0; pair < pairs; pair++) {
			const ttft = [0, 0];
			for (const index of pair % 2 === 0 ? [0, 1] : [1, 0]) {
				const target = targets[index];
				ttft[index] = await ttftOnce(target.agent, target.url, target.headers);
			}

			differences.push(ttft[1] - ttft[0]);
		}
	} finally {
		for (const target of targets) target.agent.destroy();
	}

	return median(differences) ?? Number.NaN;
}
