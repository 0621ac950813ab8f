import {Agent, request} from 'node:http';

/** One streamed chat completion's time to first content token, ms: timed from just before the request is written. */
function ttftOnce(agent: Agent, url: URL, body: string, headers: Record<string, string>): Promise<number> {
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
				let firstNs: bigint | undefined;
				reply.setEncoding('utf8');
				reply.on('data', (text: string) => {
					if (firstNs !== undefined) return;
					pending += text;
					const lines = pending.split('\n');
					pending = lines.pop() ?? '';
					for (const line of lines) {
						if (!line.startsWith('data: {')) continue;
						const event = JSON.parse(line.slice(6)) as {choices?: Array<{delta?: {content?: string}}>};
						if (event.choices?.[0]?.delta?.content) {
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

const median = (values: readonly number[]) => {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = sorted.length >> 1;
	return sorted.length % 2 === 1 ? (sorted[middle] ?? Number.NaN) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};

/**
 * A client of the test's own, built-ins only, to check gatebench's paired figures against: `pairs`
 * sequential pairs, one request to `baseline` and one to `candidate` (their order alternating), each
 * on its own kept-alive connection; the median of the candidate's TTFT minus the baseline's, ms.
 */
export async function pairedTtftMedian(
	baseline: string,
	candidate: string,
	pairs: number,
	headers: {baseline?: Record<string, string>; candidate?: Record<string, string>} = {},
): Promise<number> {
	// What gatebench sends by default, to the byte.
	const body = JSON.stringify({
		model: 'gpt-4o-mini',
		max_tokens: 256,
		stream: true,
		stream_options: {include_usage: true},
		messages: [{role: 'user', content: 'Write a bubble sort in Python.'}],
	});
	const agents = [new Agent({keepAlive: true, maxSockets: 1}), new Agent({keepAlive: true, maxSockets: 1})] as const;
	const targets = [
		{agent: agents[0], url: new URL(`${baseline}/chat/completions`), headers: headers.baseline ?? {}},
		{agent: agents[1], url: new URL(`${candidate}/chat/completions`), headers: headers.candidate ?? {}},
	] as const;
	const differences: number[] = [];

	try {
		// One unmeasured pair opens both connections.
		for (const target of targets) await ttftOnce(target.agent, target.url, body, target.headers);
		for (let pair = 0; pair < pairs; pair++) {
			const order = pair % 2 === 0 ? [0, 1] : [1, 0];
			const ttft: number[] = [0, 0];
			for (const index of order) {
				const target = targets[index as 0 | 1];
				ttft[index] = await ttftOnce(target.agent, target.url, body, target.headers);
			}

			differences.push((ttft[1] ?? 0) - (ttft[0] ?? 0));
		}
	} finally {
		for (const agent of agents) agent.destroy();
	}

	return median(differences);
}
