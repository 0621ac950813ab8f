// 8. Streaming: completions streams with no token delay — events/s and CPU per 1,000 events.
import {gatebenchFigures, runGatebench} from '../lib/gatebench.js';
import {startMock} from '../lib/mock.js';
import {tools} from '../lib/procs.js';
import {check, paceSetter} from '../lib/report.js';
import {fmt, interleave, median, medianOf, otherLoadCell, pct} from '../lib/stats.js';
import {measured} from './http.js';

export const id = 'streaming';
export const title = 'Streaming: SSE events parsed per second';

/** @param {import('../run.js').SectionContext} context */
export async function run({config, log}) {
	const {tokens, concurrency: c, streams, baselineStreams} = config.streaming;
	const mock = await startMock(['--ttft-ms', '0', '--token-delay-ms', '0', '--min-tokens', String(tokens), '--max-output-tokens', String(tokens)]);
	try {
		/** @param {number} n */
		const once = (n) => async () => {
			const result = await measured(mock, async () => {
				const raw = await runGatebench([
					'--pipeline',
					'completions',
					'--provider',
					'fireworks',
					'--stream',
					'--max-tokens',
					String(tokens),
					'-c',
					String(c),
					'-n',
					String(n),
					'--gateway',
					mock.url,
					'--sgd',
					'bench',
				]);
				const events = raw.endpoint.outputTokens?.total ?? 0;
				return {
					...gatebenchFigures(raw),
					events,
					estimated: raw.endpoint.outputTokens?.estimated,
					ttftP50: raw.endpoint.ttftMs?.p50,
					interTokenP50: raw.endpoint.interTokenMs?.p50,
				};
			});
			const eventsPerSecond = result.events / (result.elapsedMs / 1000);
			return {
				...result,
				rps: eventsPerSecond,
				eventsPerSecond,
				cpuMsPer1000Events: result.cpuMs === undefined ? undefined : (result.cpuMs / result.events) * 1000,
			};
		};

		log('warm-up: one unrecorded run');
		await once(baselineStreams * 4)();
		log(`${streams} streams of ${tokens} tokens at c=${c} (and ${baselineStreams} streams for the fixed cost)`);
		const runs = await interleave(
			config.rounds,
			[
				{name: 'full', run: once(streams)},
				{name: 'baseline', run: once(baselineStreams)},
			],
			log,
		);
		const marginal = median(
			runs.full.map((f, i) => {
				const b = runs.baseline[i];
				return f.cpuMs === undefined || b.cpuMs === undefined ? undefined : ((f.cpuMs - b.cpuMs) / (f.events - b.events)) * 1000;
			}),
		);
		const eps = medianOf(runs.full, 'eventsPerSecond');
		return {
			about: `Mock: \`--ttft-ms 0 --token-delay-ms 0 --min-tokens ${tokens} --max-output-tokens ${tokens}\` (each stream's ${tokens} events written at once). gatebench: \`--pipeline completions --provider fireworks --stream --max-tokens ${tokens} -c ${c} -n ${streams}\`. Events/s = JSON outputTokens.total ÷ elapsedMs (one content event per token). CPU = user + system time of the gatebench process (${tools.time ? '/usr/bin/time' : '/proc polling'}); "marginal" subtracts a ${baselineStreams}-stream run, removing start-up. ${config.rounds} round(s), medians.`,
			tables: [
				{
					columns: [
						'streams',
						'events',
						'events/s',
						'streams/s',
						'CPU per 1,000 events, whole process (ms)',
						'CPU per 1,000 events, marginal (ms)',
						'one-core capacity from marginal CPU (events/s)',
						'TTFT p50 / inter-token p50 (ms)',
						'server core busy',
						'other load (client / server core)',
					],
					rows: [
						[
							fmt(streams, 0),
							fmt(medianOf(runs.full, 'events'), 0),
							fmt(eps, 0),
							fmt(median(runs.full.map((f) => f.requests / (f.elapsedMs / 1000))), 1),
							fmt(medianOf(runs.full, 'cpuMsPer1000Events'), 2),
							fmt(marginal, 2),
							fmt(marginal ? 1e6 / marginal : undefined, 0),
							`${fmt(medianOf(runs.full, 'ttftP50'), 3)} / ${fmt(medianOf(runs.full, 'interTokenP50'), 4)}`,
							pct(medianOf(runs.full, 'serverBusy')),
							otherLoadCell(runs.full),
						],
					],
				},
			],
			checks: [
				check(
					'streams parsed at ≥ 200,000 events/s',
					`${fmt(eps, 0)} events/s`,
					'≥ 200,000',
					eps === undefined ? null : eps >= 200_000,
					eps === undefined
						? '—'
						: `${eps >= 200_000 ? '+' : ''}${fmt((eps / 200_000 - 1) * 100, 0)}%; marginal CPU allows ${fmt(marginal ? 1e6 / marginal : undefined, 0)}/s on a free core`,
					`${paceSetter({clientBusy: medianOf(runs.full, 'clientBusy'), serverBusy: medianOf(runs.full, 'serverBusy'), otherLoad: medianOf(runs.full, 'otherLoad')})}; gatebench reads an event at ${fmt(marginal, 2)} ms of CPU per 1,000 (framed on bytes, token events recognised from their bytes)`,
				),
				check(
					'≤ 1 µs of client CPU per streamed event, marginal (a million events/s on a free core; issue 30, item 2)',
					`${fmt(marginal === undefined ? undefined : marginal, 2)} µs`,
					'≤ 1 µs',
					marginal === undefined ? null : marginal <= 1,
					marginal === undefined ? '—' : `${marginal <= 1 ? '' : '+'}${fmt((marginal - 1) * 1000, 0)} ns`,
					"the transport (HTTP chunk framing, a Buffer view per chunk, socket reads), the clock (two BigInts per event) and the inter-token histogram each cost as much as the SSE reading itself; V8's GC threads are counted in the process CPU",
				),
			],
			notes: [
				...(runs.full.some((f) => f.estimated) ? ['Token counts were estimated (no usage in the reply): events were counted instead.'] : []),
				'"One-core capacity" = 1,000,000 ÷ marginal CPU µs per event: the rate a whole free core would parse at, ignoring start-up; steadier than events/s on a busy machine.',
				"If the server core is near 100% busy, the mock (serialising 500 SSE chunks per stream) limits the rate, not gatebench's parser.",
			],
			data: {tokens, concurrency: c, streams, baselineStreams, marginalCpuMsPer1000Events: marginal, runs},
		};
	} finally {
		await mock.close();
	}
}
