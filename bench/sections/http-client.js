// 2. gatebench --http-client raw (the default) vs undici vs got.
import {gatebenchFigures, runGatebench} from '../lib/gatebench.js';
import {fmt, interleave, medianOf, otherLoadCell, pct, ratio} from '../lib/stats.js';
import {measured} from './http.js';

export const id = 'http-client';
export const title = 'HTTP client: raw vs undici vs got';

const clients = ['raw', 'undici', 'got'];

/** @param {import('../run.js').SectionContext} context */
export async function run({config, pingMock, log}) {
	const mock = await pingMock();
	const rows = [];
	/** @type {Record<number, unknown>} */
	const data = {};
	for (const c of config.httpClient.concurrency) {
		const n = config.httpClient.requests;
		log(`c=${c}, ${n} requests each`);
		/** @param {string} client */
		const variant = (client) => ({
			name: client,
			run: () =>
				measured(mock, async () =>
					gatebenchFigures(
						await runGatebench(['--pipeline', 'http', '--gateway', mock.url, '--sgd', 'bench', '-n', String(n), '-c', String(c), '--http-client', client]),
					),
				),
		});
		const runs = await interleave(config.rounds, clients.map(variant), log);
		/** @param {(runs: ReadonlyArray<import('../lib/stats.js').Figures>) => string} pick */
		const each = (pick) => clients.map((client) => pick(runs[client])).join(' / ');
		const ratios = {undici: ratio(medianOf(runs.raw, 'rps'), medianOf(runs.undici, 'rps')), got: ratio(medianOf(runs.raw, 'rps'), medianOf(runs.got, 'rps'))};
		data[c] = {requests: n, ratios, runs};
		rows.push([
			c,
			fmt(n, 0),
			each((r) => fmt(medianOf(r, 'rps'), 0)),
			`${fmt(ratios.undici, 2)}× / ${fmt(ratios.got, 2)}×`,
			each((r) => fmt(medianOf(r, 'p50'), 3)),
			each((r) => fmt(medianOf(r, 'p99'), 3)),
			each((r) => fmt(medianOf(r, 'cpuUsPerRequest'), 1)),
			each((r) => pct(medianOf(r, 'serverBusy'))),
			otherLoadCell(...clients.map((client) => runs[client])),
		]);
	}

	return {
		about: `The same headless HTTP ping workload with each transport (\`--http-client raw|undici|got\`); ${config.rounds} interleaved round(s), medians. No target: this shows what each transport costs the client, and why raw is the default.`,
		tables: [
			{
				columns: [
					'c',
					'requests',
					'req/s (raw / undici / got)',
					'raw ÷ undici / raw ÷ got',
					'p50 ms (raw / undici / got)',
					'p99 ms (raw / undici / got)',
					'client CPU µs/request (raw / undici / got)',
					'server core busy (raw / undici / got)',
					'other load (client / server core)',
				],
				rows,
			},
		],
		checks: [],
		notes: ['Client CPU includes process start-up (~0.3–0.5 s of CPU), which weighs more on short runs.'],
		data,
	};
}
