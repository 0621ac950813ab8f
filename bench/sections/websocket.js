// 3. WebSocket ping round trips/s.
import {gatebenchFigures, runGatebench} from '../lib/gatebench.js';
import {fmt, interleave, max, medianOf, min, otherLoadCell, pct} from '../lib/stats.js';
import {measured} from './http.js';

export const id = 'websocket';
export const title = 'WebSocket ping round trips';

/** @param {import('../run.js').SectionContext} context */
export async function run({config, pingMock, log}) {
	const mock = await pingMock();
	const rows = [];
	/** @type {Record<number, unknown>} */
	const data = {};
	// One variant per connection count, interleaved in the same rounds.
	const variants = config.websocket.concurrency.map((c) => ({
		name: `c=${c}`,
		run: () =>
			measured(mock, async () =>
				gatebenchFigures(
					await runGatebench(['--pipeline', 'websocket', '--gateway', mock.url, '--sgd', 'bench', '-n', String(config.websocket.requests[c]), '-c', String(c)]),
				),
			),
	}));
	const runs = await interleave(config.rounds, variants, log);
	for (const c of config.websocket.concurrency) {
		const list = runs[`c=${c}`];
		data[c] = {requests: config.websocket.requests[c], runs: list};
		const rps = list.map((r) => r.rps);
		rows.push([
			c,
			fmt(config.websocket.requests[c], 0),
			fmt(medianOf(list, 'rps'), 0),
			list.length > 1 ? `${fmt(min(rps), 0)}–${fmt(max(rps), 0)}` : '—',
			fmt(medianOf(list, 'p50'), 3),
			fmt(medianOf(list, 'p99'), 3),
			fmt(medianOf(list, 'cpuUsPerRequest'), 1),
			pct(medianOf(list, 'serverBusy')),
			otherLoadCell(list),
		]);
	}

	return {
		about: `\`--pipeline websocket\`: one kept connection per worker, \`ping\` out, \`pong\` back, timed per round trip. ${config.rounds} round(s), medians. No target in the issue; reported for tracking.`,
		tables: [
			{
				columns: [
					'connections',
					'round trips',
					'round trips/s',
					'range',
					'p50 (ms)',
					'p99 (ms)',
					'client CPU µs/round trip',
					'server core busy',
					'other load (client / server core)',
				],
				rows,
			},
		],
		checks: [],
		notes: [],
		data,
	};
}
