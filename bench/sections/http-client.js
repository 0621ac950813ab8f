// 2. gatebench --http-client undici vs got.
import {gatebenchFigures, runGatebench} from '../lib/gatebench.js';
import {fmt, interleave, medianOf, otherLoadCell, pct, ratio} from '../lib/stats.js';
import {measured} from './http.js';

export const id = 'http-client';
export const title = 'HTTP client: undici vs got';

export async function run({config, pingMock, log}) {
	const mock = await pingMock();
	const rows = [];
	const data = {};
	for (const c of config.httpClient.concurrency) {
		const n = config.httpClient.requests;
		log(`c=${c}, ${n} requests each`);
		const variant = client => ({
			name: client,
			run: () => measured(mock, async () => gatebenchFigures(await runGatebench(['--pipeline', 'http', '--gateway', mock.url, '--sgd', 'bench', '-n', String(n), '-c', String(c), '--http-client', client]))),
		});
		const runs = await interleave(config.rounds, [variant('undici'), variant('got')], log);
		const r = ratio(medianOf(runs.undici, 'rps'), medianOf(runs.got, 'rps'));
		data[c] = {requests: n, ratio: r, runs};
		rows.push([
			c,
			fmt(n, 0),
			fmt(medianOf(runs.undici, 'rps'), 0),
			fmt(medianOf(runs.got, 'rps'), 0),
			`${fmt(r, 2)}×`,
			`${fmt(medianOf(runs.undici, 'p50'), 3)} / ${fmt(medianOf(runs.undici, 'p99'), 3)}`,
			`${fmt(medianOf(runs.got, 'p50'), 3)} / ${fmt(medianOf(runs.got, 'p99'), 3)}`,
			`${fmt(medianOf(runs.undici, 'cpuUsPerRequest'), 1)} / ${fmt(medianOf(runs.got, 'cpuUsPerRequest'), 1)}`,
			`${pct(medianOf(runs.undici, 'serverBusy'))} / ${pct(medianOf(runs.got, 'serverBusy'))}`,
			otherLoadCell(runs.undici, runs.got),
		]);
	}

	return {
		about: `The same headless HTTP ping workload with each transport; ${config.rounds} interleaved round(s), medians. No target: this shows what \`--http-client got\` costs.`,
		tables: [{columns: ['c', 'requests', 'undici req/s', 'got req/s', 'undici ÷ got', 'undici p50 / p99 (ms)', 'got p50 / p99 (ms)', 'client CPU µs/request (undici / got)', 'server core busy (undici / got)', 'other load (client / server core)'], rows}],
		checks: [],
		notes: [],
		data,
	};
}
